using DataGen.Configuration;
using DataGen.Generation.AdviceChats;
using DataGen.Generation.Documents;
using DataGen.Generation.Stories;
using DataGen.Prompts;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation.Recipes;

/// <summary>The recipes and seed sources of the three kinds, and the names kinds go by in config.</summary>
public static class KindRecipes
{
    public static Recipe For(DataKind kind, RecipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return kind switch
        {
            DataKind.Documents => DocumentsRecipe.Build(context),
            DataKind.Stories => StoriesRecipe.Build(context),
            DataKind.AdviceChats => AdviceChatsRecipe.Build(context),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The seed source of a kind: list-making plan steps (if any) run through <paramref name="caller"/>.</summary>
    public static ISeedSource SeedSource(Recipe recipe, IReadOnlyList<PromptTemplate> templates, RecipeContext context, ModelCaller caller, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var runSeed = options.Run.Seed;
        var concurrency = options.Provider.Concurrency;
        return recipe.Kind switch
        {
            DataKind.Documents => new DocumentSeedSource(recipe, templates, caller, options.Generation.Documents, context.Constitution, runSeed, concurrency, logger),
            DataKind.Stories => new StorySeedSource(options.Generation.Stories, options.Generation.NameHygiene, context.Constitution, runSeed, options.ConfigPath, options.Constitution.ModelName),
            DataKind.AdviceChats => new AdviceSeedSource(recipe, templates, caller, options.Generation.AdviceChats, context.Constitution, runSeed, concurrency, logger),
            _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Kind, null),
        };
    }

    /// <summary>
    /// A seed to show prompts with, without calling a model: stories draw a real one; values that would come from
    /// list steps are markers.
    /// </summary>
    public static Seed PreviewSeed(DataKind kind, RecipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var principle = SeedPlanner.PrincipleAt(kind, context.Constitution, options.Run.Seed, 0);
        IReadOnlyDictionary<string, string> axes = kind switch
        {
            DataKind.Stories => new StoryAttributeSampler(options.Generation.Stories, options.Generation.NameHygiene, options.Run.Seed, options.ConfigPath, options.Constitution.ModelName).Draw(1).First(),
            DataKind.Documents => new Dictionary<string, string>
            {
                ["document_type"] = "<document type from the types step>", ["document_subtype"] = "<subtype from the subtypes step>",
            },
            _ => new Dictionary<string, string>
            {
                ["principle"] = "<principle from the principles step>",
                ["prompt_type"] = "<prompt type from the prompt_types step>",
                ["persona"] = options.Generation.AdviceChats.Personas[0],
                ["domain"] = options.Generation.AdviceChats.Domains[0],
                ["stakes"] = options.Generation.AdviceChats.Stakes[0],
                ["user_register"] = options.Generation.AdviceChats.UserRegisters[0],
            },
        };
        return new Seed
        {
            Id = SeedPlanner.Id(kind, options.Run.Seed, 0, principle.Id, axes),
            Kind = kind,
            Index = 0,
            Principle = principle,
            Axes = axes,
        };
    }

    public static KindOptions Options(this GenerationOptions generation, DataKind kind)
    {
        ArgumentNullException.ThrowIfNull(generation);
        return kind switch
        {
            DataKind.Documents => generation.Documents,
            DataKind.Stories => generation.Stories,
            DataKind.AdviceChats => generation.AdviceChats,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The config key of a kind under <c>generation</c>.</summary>
    public static string ConfigKey(this DataKind kind) => kind switch
    {
        DataKind.Documents => "documents",
        DataKind.Stories => "stories",
        DataKind.AdviceChats => "adviceChats",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
