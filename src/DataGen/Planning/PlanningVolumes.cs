using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Parsing;
using DataGen.Generation.Recipes;

namespace DataGen.Planning;

/// <summary>
/// What <see cref="VolumePlanner"/> needs to know of one kind, held by its <see cref="KindEntry"/>: the published
/// volume, the calls of each plan step, the items of each list step and, where a step's output budget depends on the
/// seed, its average. <see cref="Check"/> runs when a run is prepared, so a plan or list step without its volume fails
/// at start-up, never falls back to a guess.
/// </summary>
public sealed record PlanningVolumes
{
    /// <summary>Content tokens the published work trained on.</summary>
    public required long PublishedTokens { get; init; }

    /// <summary>Per plan step (by name): its calls for the run, from the generation options, the constitution's section count and the samples.</summary>
    public IReadOnlyDictionary<string, Func<GenerationOptions, int, long, long>> PlanCalls { get; init; } = new Dictionary<string, Func<GenerationOptions, int, long, long>>();

    /// <summary>Per list step (by name): the items one call asks for.</summary>
    public IReadOnlyDictionary<string, Func<GenerationOptions, int>> ListItems { get; init; } = new Dictionary<string, Func<GenerationOptions, int>>();

    /// <summary>
    /// Seeds as the run draws them, for what a step sizes per seed (its <see cref="RecipeStep.StatedWords"/> and
    /// <see cref="RecipeStep.MaxOutputTokensFor"/>): the planner averages over them. Null: the kind's preview seed.
    /// </summary>
    public Func<RecipeContext, IReadOnlyList<Seeds.Seed>>? RepresentativeSeeds { get; init; }

    /// <summary>Throws when a plan step of <paramref name="recipe"/> has no <see cref="PlanCalls"/> entry or a list step no <see cref="ListItems"/> entry.</summary>
    public void Check(Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var missing = recipe.Steps.Where(s => s.Scope == StepScope.Plan && !PlanCalls.ContainsKey(s.Name)).Select(s => $"plan step '{s.Name}' has no calls")
            .Concat(recipe.Steps.Where(s => s.Parser is JsonListParser && !ListItems.ContainsKey(s.Name)).Select(s => $"list step '{s.Name}' has no item count"))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"the kind catalog's planning volumes for {recipe.Kind.Name()} are incomplete: {string.Join("; ", missing)}");
        }
    }
}
