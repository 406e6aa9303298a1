namespace DataGen.Configuration;

/// <summary>What the run's progress view reports besides counts.</summary>
public sealed record ProgressOptions
{
    /// <summary>A model call in flight longer than this multiple of its endpoint's mean latency is reported as hung.</summary>
    public double HungCallFactor { get; init; } = 5;

    /// <summary>Floor of the hung-call threshold in seconds, so the first calls (no mean yet) and fast endpoints do not raise alarms over a slow reply.</summary>
    public double HungCallMinSeconds { get; init; } = 30;
}
