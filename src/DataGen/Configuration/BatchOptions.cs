namespace DataGen.Configuration;

/// <summary>
/// Sending a provider's calls through its batch API (<c>provider.batch</c>, or <c>datagen run --batch</c>): OpenAI's
/// Files + Batches endpoints (also what <c>vllm run-batch</c> reads and writes) or Anthropic's Message Batches.
/// </summary>
public sealed record BatchOptions
{
    public bool Enabled { get; init; }

    /// <summary>A step's gathered requests are submitted once no new one has arrived for this long.</summary>
    public double GatherSeconds { get; init; } = 2;

    /// <summary>Most requests in one batch.</summary>
    public int MaxRequests { get; init; } = 10_000;

    /// <summary>First wait between polls of a batch; it doubles up to <see cref="MaxPollSeconds"/>.</summary>
    public double PollSeconds { get; init; } = 15;

    public double MaxPollSeconds { get; init; } = 300;

    /// <summary>Times a request that failed transiently or expired is submitted again before it is rejected.</summary>
    public int MaxResubmits { get; init; } = 3;
}

/// <summary>The simulator server's batch APIs: how long a batch takes and which requests fail or expire.</summary>
public sealed record SimulatedBatchOptions
{
    /// <summary>Seconds from a batch's creation until it ends.</summary>
    public double CompletionSeconds { get; init; }

    /// <summary>Share of requests that fail with a server error (500) the first time they are submitted.</summary>
    public double FailureRate { get; init; }

    /// <summary>Share of requests left unprocessed as expired the first time they are submitted.</summary>
    public double ExpiryRate { get; init; }
}
