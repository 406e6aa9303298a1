namespace DataGen.Providers.Resilience;

/// <summary>One endpoint's figures for the manifest: attempts, outcomes and latency as seen on the wire (its tokens: the usage ledger's <c>byEndpoint</c>).</summary>
public sealed record EndpointStats
{
    public required string Name { get; init; }

    public required long Attempts { get; init; }

    public required long Succeeded { get; init; }

    public required long Failed { get; init; }

    /// <summary>Attempts answered with 429.</summary>
    public required long RateLimited { get; init; }

    public required double MeanLatencyMs { get; init; }

    /// <summary>Concurrency limit at the end (adaptive concurrency moves it).</summary>
    public required int ConcurrencyLimit { get; init; }

    /// <summary>Lowest concurrency limit during the run.</summary>
    public int LowestConcurrencyLimit { get; init; }

    /// <summary>Times a 429 shrank the concurrency limit (at most once per <c>resilience.decreaseWindowSeconds</c>).</summary>
    public long ConcurrencyDecreases { get; init; }

    /// <summary>Times a call waited longer than the attempt timeout for a concurrency slot.</summary>
    public long SlotWaitsOverTimeout { get; init; }

    /// <summary>Times the circuit breaker opened.</summary>
    public required long BreakerOpened { get; init; }
}
