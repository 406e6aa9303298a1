using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// What the decontamination cascade spends, as <see cref="System.Diagnostics.Metrics"/> instruments on the meter
/// <see cref="MeterName"/>: texts checked, texts that reached each step, and the seconds each step took (tag
/// <c>step</c>: <c>names</c>, <c>containment</c>, <c>candidates</c>, <c>embedding</c>). Free when nothing listens;
/// <c>datagen bench</c> listens and prints the breakdown per sample.
/// </summary>
public static class DecontaminationMetrics
{
    public const string MeterName = "DataGen.Decontamination";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Texts the cascade looked at, by step reached (tag <c>step</c>).</summary>
    public static readonly Counter<long> Texts = Meter.CreateCounter<long>("datagen.decontamination.texts", "{text}", "Texts that reached each step of the cascade.");

    /// <summary>Seconds spent in each step (tag <c>step</c>).</summary>
    public static readonly Counter<double> Seconds = Meter.CreateCounter<double>("datagen.decontamination.seconds", "s", "Time spent in each step of the cascade.");

    /// <summary>Counts one text at <paramref name="step"/> and the time since <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void Record(string step, long started)
    {
        if (!Texts.Enabled && !Seconds.Enabled)
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>("step", step);
        Texts.Add(1, tag);
        Seconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
    }
}
