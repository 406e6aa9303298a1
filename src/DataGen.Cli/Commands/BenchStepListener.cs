using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using DataGen.Quality.Decontamination;

namespace DataGen.Cli.Commands;

/// <summary>
/// Listens to the decontamination cascade's instruments (<see cref="DecontaminationMetrics"/>) for one bench pass and
/// sums texts and seconds per step, so the bench can say where decontamination's CPU goes.
/// </summary>
internal sealed class BenchStepListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, StepTotals> _steps = new(StringComparer.Ordinal);

    public BenchStepListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DecontaminationMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Box(tags).AddTexts(value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Box(tags).AddSeconds(value));
        _listener.Start();
    }

    /// <summary>One line per step that saw a text: texts, and milliseconds per sample of wall time summed over threads.</summary>
    public IEnumerable<string> Lines(int samples)
    {
        string[] order = ["names", "containment", "candidates", "embedding"];
        foreach (var step in order.Where(_steps.ContainsKey))
        {
            var box = _steps[step];
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  decontamination {step}: {box.Texts} texts, {1000 * box.Seconds / Math.Max(1, samples):0.000} ms per sample, {(box.Texts == 0 ? 0 : 1000 * box.Seconds / box.Texts):0.000} ms per text");
        }
    }

    public void Dispose() => _listener.Dispose();

    private StepTotals Box(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var step = "?";
        foreach (var tag in tags)
        {
            if (tag.Key == "step" && tag.Value is string value)
            {
                step = value;
            }
        }

        return _steps.GetOrAdd(step, _ => new StepTotals());
    }

    private sealed class StepTotals
    {
        private long _texts;
        private long _microseconds;

        public long Texts => Interlocked.Read(ref _texts);

        public double Seconds => Interlocked.Read(ref _microseconds) / 1e6;

        public void AddTexts(long value) => Interlocked.Add(ref _texts, value);

        public void AddSeconds(double value) => Interlocked.Add(ref _microseconds, (long)(value * 1e6));
    }
}
