using DataGen.Configuration;
using DataGen.Prompts;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation.Recipes;

/// <summary>The recipes and seed sources of the kinds, read from <see cref="KindCatalog"/>, and the names kinds go by in config.</summary>
public static class KindRecipes
{
    public static Recipe For(DataKind kind, RecipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return KindCatalog.Get(kind).Recipe(context);
    }

    /// <summary>The seed source of a kind: list-making plan steps (if any) run through <paramref name="caller"/>.</summary>
    public static ISeedSource SeedSource(Recipe recipe, IReadOnlyList<PromptTemplate> templates, RecipeContext context, ModelCaller caller, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(context);
        return KindCatalog.Get(recipe.Kind).SeedSource(recipe, templates, context, caller, logger);
    }

    /// <summary>
    /// A seed to show prompts with, without calling a model: stories draw a real one; values that would come from
    /// list steps are markers.
    /// </summary>
    public static Seed PreviewSeed(DataKind kind, RecipeContext context, int groupSize = 1)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var axes = KindCatalog.Get(kind).PreviewAxes(context);
        Seed At(int index)
        {
            var principle = SeedPlanner.PrincipleAt(kind, context.Constitution, options.Run.Seed, index);
            return new Seed { Id = SeedPlanner.Id(kind, options.Run.Seed, index, principle.Id, axes), Kind = kind, Index = index, Principle = principle, Axes = axes };
        }

        // With several seeds per call the preview seed leads a group of the first seeds, so a shared step shows them all.
        return groupSize <= 1
            ? At(0)
            : SeedGroups.Assemble([.. Enumerable.Range(0, groupSize).Select(At)], groupSize, options.Run.Seed)[0];
    }

    public static KindOptions Options(this GenerationOptions generation, DataKind kind)
    {
        ArgumentNullException.ThrowIfNull(generation);
        return KindCatalog.Get(kind).Options(generation);
    }

    /// <summary>The config key of a kind under <c>generation</c>.</summary>
    public static string ConfigKey(this DataKind kind) => KindCatalog.Get(kind).ConfigKey;
}
