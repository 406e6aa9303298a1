namespace DataGen.Configuration;

/// <summary>The simulator's reply latency.</summary>
public sealed record LatencyOptions
{
    /// <summary>fixed, uniform (0 to 2 × mean) or lognormal (with <see cref="Sigma"/>).</summary>
    public string Distribution { get; init; } = "fixed";

    public double MeanMs { get; init; }

    /// <summary>Shape of the lognormal distribution.</summary>
    public double Sigma { get; init; } = 0.5;
}
