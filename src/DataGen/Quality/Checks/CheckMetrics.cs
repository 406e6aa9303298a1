using System.Diagnostics.Metrics;

namespace DataGen.Quality.Checks;

/// <summary>
/// What the heuristic checks spend, on the meter <see cref="MeterName"/>: samples each check looked at and the seconds
/// it took (tag <c>check</c>: the check's <see cref="IQualityCheck.Name"/>), and the language check's paragraphs by
/// what settled them.
/// </summary>
public static class CheckMetrics
{
    public const string MeterName = "DataGen.Checks";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Samples and seconds per check (tag <c>check</c>).</summary>
    public static readonly StepTimings Timings = new(Meter, "datagen.checks", "check", "samples", "each heuristic check");

    /// <summary>Paragraphs the language check counted, by what settled them (tag <c>by</c>: <c>prefilter</c>, <c>bound</c> when the paragraphs left could not change the verdict, or <c>lingua</c>).</summary>
    public static readonly Counter<long> LanguageParagraphs = Meter.CreateCounter<long>("datagen.checks.language.paragraphs", "{paragraph}", "Paragraphs the language check counted, by what settled them.");
}
