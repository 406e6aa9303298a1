namespace DataGen.Planning;

/// <summary>
/// <c>datagen plan</c>'s figures: per kind and step for the configured counts, and the same for the volumes the
/// published work used. Estimates, stated with their assumptions; a price table can be applied to them later.
/// </summary>
public sealed record VolumePlan
{
    /// <summary>For the configured (or <c>--limit</c>ed) counts.</summary>
    public required IReadOnlyList<KindVolume> Configured { get; init; }

    /// <summary>Scaled so each kind's final content totals the published token volume.</summary>
    public required IReadOnlyList<KindVolume> Published { get; init; }

    /// <summary>Published content tokens per kind (documents 300M, stories 30M, advice chats 3M).</summary>
    public required IReadOnlyDictionary<string, long> PublishedTokens { get; init; }

    /// <summary>Share of the output budget assumed for a step whose prompt states no length.</summary>
    public required double FillFactor { get; init; }

    /// <summary>Characters per token used to size rendered prompts.</summary>
    public required int CharsPerToken { get; init; }

    /// <summary>Expected output tokens per list item.</summary>
    public required int ListItemTokens { get; init; }
}
