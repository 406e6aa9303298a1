using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// A kind's generation recipe: steps in order, then how the parsed fields become the sample's content.
/// </summary>
public sealed record Recipe
{
    public required DataKind Kind { get; init; }

    public required IReadOnlyList<RecipeStep> Steps { get; init; }

    /// <summary>Builds the sample content from the seed and all parsed fields.</summary>
    public required Func<Seed, IReadOnlyDictionary<string, string>, SampleContent> Finish { get; init; }
}
