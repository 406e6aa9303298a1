namespace DataGen.Store;

/// <summary>One completed model call as the response store keeps it. Replies are re-parsed on replay.</summary>
public sealed record StoredResponse
{
    public required string Key { get; init; }

    public required string Provider { get; init; }

    public required string Model { get; init; }

    /// <summary>Endpoint label that answered.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The model id the provider reported (keeps the simulator's <c>datagen-simulated:</c> label).</summary>
    public string? ModelId { get; init; }

    public required string Text { get; init; }

    public string? FinishReason { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CachedInputTokens { get; init; }

    /// <summary>Input tokens the provider wrote to its prompt cache; 0 in stores written before the column existed.</summary>
    public long CacheWriteInputTokens { get; init; }

    /// <summary>
    /// True when a provider's batch API answered: a replay is then worth the batch price, not the synchronous one; false
    /// in stores written before the column existed.
    /// </summary>
    public bool Batch { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
