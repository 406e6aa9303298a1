using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// One model call in a kind's recipe: which template, which values fill it, how the reply is parsed. Steps run in
/// order; each sees the fields earlier steps parsed (the recipe state).
/// </summary>
public sealed record RecipeStep
{
    /// <summary>Short name recorded in provenance and rejects (draft, rewrite, ...).</summary>
    public required string Name { get; init; }

    /// <summary>Template name under the prompts folder.</summary>
    public required string PromptName { get; init; }

    /// <summary>Where the template name came from, for error messages (a JSON path in pipeline.json).</summary>
    public required string PromptSource { get; init; }

    /// <summary>The names of the values <see cref="Values"/> supplies; checked against the template before any call.</summary>
    public required IReadOnlyList<string> ValueNames { get; init; }

    /// <summary>Values for the template from the seed and the fields earlier steps parsed.</summary>
    public required Func<Seed, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> Values { get; init; }

    public required IReplyParser Parser { get; init; }

    /// <summary>Output token budget for this step's calls.</summary>
    public required int MaxOutputTokens { get; init; }

    /// <summary>Re-asks after a reply that does not parse, before the seed is dropped as unparseable.</summary>
    public int MaxReasks { get; init; } = 2;
}
