namespace DataGen.Output;

/// <summary>
/// One group's usage. <see cref="Calls"/> and <see cref="Cost"/> were paid in this run; <see cref="ReplayedCalls"/>
/// were read back from the response store and <see cref="ReplayedCost"/> is what they cost when first paid. Token
/// counts cover both.
/// </summary>
public sealed record ManifestUsageLine
{
    public long Calls { get; init; }

    public long ReplayedCalls { get; init; }

    /// <summary>Paid calls sent through a provider's batch API, priced at the model's batch share.</summary>
    public long BatchCalls { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    /// <summary>Input tokens the provider served from its prompt cache (where it reports them).</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Input tokens the provider wrote to its prompt cache (where it reports them; Anthropic's cache creation).</summary>
    public long CacheWriteInputTokens { get; init; }

    public decimal Cost { get; init; }

    public decimal ReplayedCost { get; init; }
}
