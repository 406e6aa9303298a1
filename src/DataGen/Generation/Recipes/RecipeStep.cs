using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// One model call in a kind's recipe: which template, which values fill it, how the reply is parsed. Seed steps run
/// in order; each sees the fields earlier steps parsed (the recipe state). Plan steps are run by the kind's seed
/// source before seeds exist. A disabled step (an ablation switch) is skipped and its <see cref="Passthrough"/> applied.
/// </summary>
public sealed record RecipeStep
{
    /// <summary>Short name recorded in provenance and rejects (draft, rewrite, ...).</summary>
    public required string Name { get; init; }

    /// <summary>Template name under the prompts folder (<c>kind/step</c>).</summary>
    public required string PromptName { get; init; }

    /// <summary>What named the template, for error messages.</summary>
    public required string PromptSource { get; init; }

    /// <summary>The names of the values <see cref="Values"/> supplies; checked against the template before any call.</summary>
    public required IReadOnlyList<string> ValueNames { get; init; }

    /// <summary>Values for the template from the seed and the fields earlier steps parsed.</summary>
    public required Func<Seed, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> Values { get; init; }

    public required IReplyParser Parser { get; init; }

    /// <summary>Output token budget for this step's calls; a reply that reaches it is cut off.</summary>
    public required int MaxOutputTokens { get; init; }

    /// <summary>A per-seed budget (stories size it by target length); null uses <see cref="MaxOutputTokens"/>.</summary>
    public Func<Seed, int>? MaxOutputTokensFor { get; init; }

    /// <summary>
    /// The length in words the step's prompt asks for, per seed (a free-text step's <c>words</c> value, or the
    /// stories' length axis); for a list step, whose prompt states a count of items, the words of one item as its
    /// prompt describes them ("each a short phrase"). <c>datagen plan</c> estimates the step's output from it, not
    /// from the budget: a model told "about 600 words" writes about that.
    /// </summary>
    public Func<Seed, int>? StatedWords { get; init; }

    /// <summary>Re-asks after a reply that does not parse, before the seed is dropped as unparseable.</summary>
    public int MaxReasks { get; init; } = 2;

    public StepScope Scope { get; init; } = StepScope.Seed;

    /// <summary>False when an ablation switch removes the step: it is not called, its passthrough fields are copied.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The ablation switch that turns the step on or off (<c>generation.ablations.x</c>), if any.</summary>
    public string? Switch { get; init; }

    /// <summary>
    /// True: a new conversation holding only this step's prompt (a reviewer that never saw the drafting). False: the
    /// step continues the previous step's conversation (its system part is then not sent again).
    /// </summary>
    public bool FreshContext { get; init; }

    /// <summary>When the step is disabled: output field to the state field copied into it (e.g. final response from draft).</summary>
    public IReadOnlyDictionary<string, string> Passthrough { get; init; } = new Dictionary<string, string>();

    /// <summary>State fields a step reads that no step parses (a plan step's <c>count</c>, <c>already_generated</c>).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>
    /// True: when the seed has a <see cref="SeedGroup"/>, one call serves the whole group (its prompt is rendered from
    /// the group's members, the same for each) and <see cref="Parser"/>, an <see cref="IGroupReplyParser"/>, hands each
    /// member its own fields. The call is made once per group in a process and replayed from the response store after.
    /// </summary>
    public bool SharedByGroup { get; init; }

    /// <summary>The budget for <paramref name="seed"/>.</summary>
    public int BudgetFor(Seed seed) => MaxOutputTokensFor?.Invoke(seed) ?? MaxOutputTokens;
}
