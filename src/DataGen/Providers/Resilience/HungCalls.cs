namespace DataGen.Providers.Resilience;

/// <summary>Calls in flight past their endpoint's hung threshold at one moment.</summary>
public sealed record HungCalls
{
    /// <summary>How many, over every endpoint.</summary>
    public required int Count { get; init; }

    /// <summary>Age of the oldest.</summary>
    public required TimeSpan Oldest { get; init; }

    /// <summary>Endpoint the oldest waits on.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The threshold the oldest passed (its endpoint's mean latency times the factor, or the floor).</summary>
    public required TimeSpan Threshold { get; init; }
}
