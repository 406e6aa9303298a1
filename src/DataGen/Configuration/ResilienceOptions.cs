namespace DataGen.Configuration;

/// <summary>
/// Settings of the one resilience pipeline every provider call goes through (retries themselves are counted by
/// <see cref="ProviderOptions.MaxRetries"/>, attempt and total timeouts are on the provider).
/// </summary>
public sealed record ResilienceOptions
{
    /// <summary>Base delay of the exponential backoff (full jitter).</summary>
    public double BaseDelayMs { get; init; } = 500;

    /// <summary>Longest single wait, <c>Retry-After</c> included.</summary>
    public double MaxDelaySeconds { get; init; } = 60;

    /// <summary>Breaker per endpoint: share of failed attempts in the sampling window that opens it.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Attempts in the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; init; } = 20;

    public double BreakerSamplingSeconds { get; init; } = 30;

    /// <summary>How long an open breaker routes calls away from its endpoint.</summary>
    public double BreakerBreakSeconds { get; init; } = 15;

    /// <summary>Shrink concurrency on 429 and grow it back on success (AIMD), below the provider's ceiling.</summary>
    public bool AdaptiveConcurrency { get; init; } = true;

    /// <summary>Floor of the adaptive limit per endpoint; null: a quarter of <c>provider.concurrency</c> (at least 1).</summary>
    public int? MinConcurrency { get; init; }

    /// <summary>Shortest time between two decreases of the adaptive limit: a burst of 429s shrinks it once, not per response.</summary>
    public double DecreaseWindowSeconds { get; init; } = 5;

    /// <summary>
    /// A call that has waited this long for a concurrency slot pauses the run (resumable) instead of using up its time
    /// budget; every wait past the attempt timeout is counted and logged before that.
    /// </summary>
    public double MaxSlotWaitSeconds { get; init; } = 300;

    /// <summary>When every endpoint has been rate-limited without a success for this long, the run pauses (stops, resumable).</summary>
    public double MaxRateLimitedSeconds { get; init; } = 300;
}
