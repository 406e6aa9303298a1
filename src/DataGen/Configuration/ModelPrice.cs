namespace DataGen.Configuration;

/// <summary>A model's price in the config's currency per million tokens.</summary>
public sealed record ModelPrice
{
    public decimal InputPerMillion { get; init; }

    public decimal OutputPerMillion { get; init; }

    /// <summary>Price of input tokens served from the provider's prompt cache; null: same as input.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>Price of input tokens written to the provider's prompt cache (Anthropic: 1.25 × input for the 5-minute cache); null: same as input.</summary>
    public decimal? CacheWriteInputPerMillion { get; init; }

    /// <summary>Share of the price paid for a call sent through the provider's batch API (OpenAI and Anthropic: half).</summary>
    public decimal Batch { get; init; } = 0.5m;
}
