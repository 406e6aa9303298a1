using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataGen.Quality.Checks;

/// <summary>
/// What the heuristic checks spend, as <see cref="System.Diagnostics.Metrics"/> instruments on the meter
/// <see cref="MeterName"/>: samples each check looked at and the seconds it took (tag <c>check</c>: the check's
/// <see cref="IQualityCheck.Name"/>). Free when nothing listens; <c>datagen bench</c> listens and prints the
/// breakdown per sample.
/// </summary>
public static class CheckMetrics
{
    public const string MeterName = "DataGen.Checks";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Samples each check looked at (tag <c>check</c>).</summary>
    public static readonly Counter<long> Samples = Meter.CreateCounter<long>("datagen.checks.samples", "{sample}", "Samples each heuristic check looked at.");

    /// <summary>Seconds spent in each check (tag <c>check</c>).</summary>
    public static readonly Counter<double> Seconds = Meter.CreateCounter<double>("datagen.checks.seconds", "s", "Time spent in each heuristic check.");

    /// <summary>Paragraphs the language check counted, by what settled them (tag <c>by</c>: <c>prefilter</c> or <c>lingua</c>).</summary>
    public static readonly Counter<long> LanguageParagraphs = Meter.CreateCounter<long>("datagen.checks.language.paragraphs", "{paragraph}", "Paragraphs the language check counted, by what settled them.");

    /// <summary>Whether anything listens, so a caller skips taking timestamps when nothing does.</summary>
    public static bool Enabled => Samples.Enabled || Seconds.Enabled;

    /// <summary>Counts one sample at <paramref name="check"/> and the time since <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void Record(string check, long started)
    {
        var tag = new KeyValuePair<string, object?>("check", check);
        Samples.Add(1, tag);
        Seconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
    }
}
