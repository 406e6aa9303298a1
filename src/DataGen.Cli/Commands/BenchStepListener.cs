using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using DataGen.Quality.Checks;
using DataGen.Quality.Decontamination;

namespace DataGen.Cli.Commands;

/// <summary>
/// Listens to the decontamination cascade's instruments (<see cref="DecontaminationMetrics"/>) and the heuristic
/// checks' (<see cref="CheckMetrics"/>) for one bench pass and sums texts and seconds per step and per check, so the
/// bench can say where the quality stages' CPU goes.
/// </summary>
internal sealed class BenchStepListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, StepTotals> _steps = new(StringComparer.Ordinal);
    private int _order;

    public BenchStepListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is DecontaminationMetrics.MeterName or CheckMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Box(tags).AddTexts(value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Box(tags).AddSeconds(value));
        _listener.Start();
    }

    /// <summary>
    /// One line per check and per decontamination step that saw a text: texts, and milliseconds per sample of wall
    /// time summed over threads; checks in the order they first ran, the slowest marked by its share of the checks.
    /// </summary>
    public IEnumerable<string> Lines(int samples)
    {
        var checks = _steps.Where(kv => kv.Key.StartsWith(CheckPrefix, StringComparison.Ordinal)).OrderBy(kv => kv.Value.Order).ToList();
        var checksSeconds = checks.Sum(kv => kv.Value.Seconds);
        if (checks.Count > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"  checks: {1000 * checksSeconds / Math.Max(1, samples):0.000} ms per sample in all");
        }

        foreach (var (key, box) in checks)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"    check {key[CheckPrefix.Length..]}: {box.Texts} samples, {1000 * box.Seconds / Math.Max(1, samples):0.000} ms per sample, {(box.Texts == 0 ? 0 : 1000 * box.Seconds / box.Texts):0.000} ms per text, {(checksSeconds == 0 ? 0 : 100 * box.Seconds / checksSeconds):0}%");
        }

        if (_steps.Keys.Any(k => k.StartsWith(LanguagePrefix, StringComparison.Ordinal)))
        {
            var prefilter = _steps.GetValueOrDefault(LanguagePrefix + "prefilter")?.Texts ?? 0;
            var bound = _steps.GetValueOrDefault(LanguagePrefix + "bound")?.Texts ?? 0;
            var lingua = _steps.GetValueOrDefault(LanguagePrefix + "lingua")?.Texts ?? 0;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"    language paragraphs: {prefilter + bound + lingua} counted, {prefilter} plainly English (prefilter), {bound} settled by the share bound (too few words to change the verdict), {lingua} asked of Lingua");
        }

        string[] order = ["names", "containment", "candidates", "embedding"];
        foreach (var step in order.Where(_steps.ContainsKey))
        {
            var box = _steps[step];
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  decontamination {step}: {box.Texts} texts, {1000 * box.Seconds / Math.Max(1, samples):0.000} ms per sample, {(box.Texts == 0 ? 0 : 1000 * box.Seconds / box.Texts):0.000} ms per text");
        }
    }

    private const string CheckPrefix = "check:";
    private const string LanguagePrefix = "language:";

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
            else if (tag.Key == "check" && tag.Value is string check)
            {
                step = CheckPrefix + check;
            }
            else if (tag.Key == "by" && tag.Value is string by)
            {
                step = LanguagePrefix + by;
            }
        }

        return _steps.TryGetValue(step, out var box) ? box : _steps.GetOrAdd(step, _ => new StepTotals(Interlocked.Increment(ref _order)));
    }

    private sealed class StepTotals(int order)
    {
        public int Order { get; } = order;

        private long _texts;
        private long _microseconds;

        public long Texts => Interlocked.Read(ref _texts);

        public double Seconds => Interlocked.Read(ref _microseconds) / 1e6;

        public void AddTexts(long value) => Interlocked.Add(ref _texts, value);

        public void AddSeconds(double value) => Interlocked.Add(ref _microseconds, (long)(value * 1e6));
    }
}
