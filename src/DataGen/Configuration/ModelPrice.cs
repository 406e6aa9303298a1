namespace DataGen.Configuration;

/// <summary>A model's price in the config's currency per million tokens.</summary>
public sealed record ModelPrice
{
    public decimal InputPerMillion { get; init; }

    public decimal OutputPerMillion { get; init; }

    /// <summary>Price of input tokens served from the provider's prompt cache; null: same as input.</summary>
    public decimal? CachedInputPerMillion { get; init; }
}
