using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// A kind's generation recipe: plan steps (run by its seed source), seed steps in order, how the parsed fields become
/// the sample's content and provenance, and the checks applied to the result.
/// </summary>
public sealed record Recipe
{
    public required DataKind Kind { get; init; }

    /// <summary>Every step, plan steps first; disabled steps stay listed so their prompts are still validated.</summary>
    public required IReadOnlyList<RecipeStep> Steps { get; init; }

    /// <summary>Builds the sample content and provenance from the seed and all parsed fields.</summary>
    public required Func<Seed, IReadOnlyDictionary<string, string>, SampleContent> Finish { get; init; }

    /// <summary>
    /// The provenance fields (see <see cref="ProvenanceKeys"/>) from the seed and the fields parsed so far; null values
    /// are left out. <see cref="Finish"/> records it for a sample; a seed dropped part-way records it for its reject, so
    /// a reject carries what the steps before the failure produced (scenario, pre-rewrite texts, critiques).
    /// </summary>
    public Func<Seed, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string?>> Trace { get; init; } =
        (_, _) => new Dictionary<string, string?>();

    /// <summary>The ablation switches in force, recorded on every row.</summary>
    public IReadOnlyDictionary<string, string> Ablations { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the kind writes chat rows (<c>messages</c>) rather than text rows.</summary>
    public bool WritesChats { get; init; }

    /// <summary>Name hygiene applied to the finished content; null for none.</summary>
    public NameHygiene? Hygiene { get; init; }

    /// <summary>True when names found by <see cref="Hygiene"/> are replaced (stories) instead of rejecting the sample.</summary>
    public bool ReplacesNames { get; init; }

    /// <summary>Names that replace listed names when <see cref="ReplacesNames"/> is set.</summary>
    public IReadOnlyList<string> ReplacementNames { get; init; } = [];

    /// <summary>
    /// Consecutive seeds that share the calls of <see cref="RecipeStep.SharedByGroup"/> steps (<see cref="SeedGroups"/>);
    /// 1 (the default) groups nothing. The executors group seeds by it and shard on group boundaries.
    /// </summary>
    public int GroupSize { get; init; } = 1;

    /// <summary>The step called <paramref name="name"/>.</summary>
    public RecipeStep Step(string name) => Steps.First(s => s.Name == name);
}
