using System.Text.Json.Serialization;

namespace DataGen.Configuration;

/// <summary>Settings every data kind shares: how many, the token budget of its content steps, and re-asks.</summary>
public abstract record KindOptions
{
    /// <summary>Samples to generate before filtering.</summary>
    public int Count { get; init; } = 30;

    /// <summary>Output token budget per content call (drafts, rewrites); null uses the provider's. A reply that hits it is rejected as truncated.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Re-asks when a reply does not parse, before the seed is dropped as unparseable.</summary>
    public int MaxReasks { get; init; } = 2;

    /// <summary>Per recipe step settings by step name (for example which named provider it calls).</summary>
    public IReadOnlyDictionary<string, StepOptions> Steps { get; init; } = new Dictionary<string, StepOptions>(StringComparer.Ordinal);

    /// <summary>Diversity axes drawn uniformly per seed by <c>SeedPlanner</c>, in a fixed order.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes { get; }

    /// <summary>Every configured axis with its values, for coverage totals: <see cref="Axes"/> unless a kind draws its grid otherwise.</summary>
    [JsonIgnore]
    public virtual IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> CoverageAxes => Axes;
}
