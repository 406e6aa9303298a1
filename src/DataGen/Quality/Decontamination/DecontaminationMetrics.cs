using System.Diagnostics.Metrics;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// What the decontamination cascade spends, on the meter <see cref="MeterName"/>: texts that reached each step and the
/// seconds each step took (tag <c>step</c>: <c>names</c>, <c>containment</c>, <c>candidates</c>, <c>embedding</c>).
/// </summary>
public static class DecontaminationMetrics
{
    public const string MeterName = "DataGen.Decontamination";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Texts and seconds per step (tag <c>step</c>).</summary>
    public static readonly StepTimings Timings = new(Meter, "datagen.decontamination", "step", "texts", "each step of the cascade");
}
