using DataGen.Configuration;
using DataGen.Generation.AdviceChats;
using DataGen.Generation.Documents;
using DataGen.Generation.Recipes;
using DataGen.Generation.Stories;
using DataGen.Planning;
using DataGen.Seeds;

namespace DataGen.Generation;

/// <summary>
/// The one list of kinds: recipe, seed source, options, thresholds, planning volumes and card text per kind. A new kind is a
/// <see cref="DataKind"/> value plus one entry here; a value without exactly one entry fails at start-up (the first
/// use of the catalog throws), never falls back to another kind's settings.
/// </summary>
public static class KindCatalog
{
    private static readonly IReadOnlyDictionary<DataKind, KindEntry> ByKind = Index(
    [
        new KindEntry
        {
            Kind = DataKind.Documents,
            Name = "documents",
            ConfigKey = "documents",
            CardDescription = "documents that discuss a principle and its reasons (synthetic document fine-tuning); column `text`",
            Options = g => g.Documents,
            LengthBounds = c => c.Documents,
            JudgeThresholds = j => j.Documents,
            Recipe = DocumentsRecipe.Build,
            SeedSource = (recipe, templates, context, caller, logger) => new DocumentSeedSource(
                recipe, templates, caller, context.Options.Generation.Documents, context.Constitution, context.Options.Run.Seed, context.Options.Provider.Concurrency, logger),
            PreviewAxes = _ => new Dictionary<string, string>
            {
                ["document_type"] = "<document type from the types step>", ["document_subtype"] = "<subtype from the subtypes step>",
            },
            Volumes = new PlanningVolumes
            {
                PublishedTokens = 300_000_000,
                PlanCalls = new Dictionary<string, Func<GenerationOptions, int, long, long>>(StringComparer.Ordinal)
                {
                    ["types"] = (_, _, _) => 1,
                    ["subtypes"] = (g, _, samples) => Math.Min(g.Documents.TypeCount, samples),
                },
                ListItems = new Dictionary<string, Func<GenerationOptions, int>>(StringComparer.Ordinal)
                {
                    ["types"] = g => g.Documents.TypeCount,
                    ["subtypes"] = g => g.Documents.SubtypesPerType,
                },
            },
        },
        new KindEntry
        {
            Kind = DataKind.Stories,
            Name = "stories",
            ConfigKey = "stories",
            CardDescription = "stories where an AI character chooses well under pressure and the narration shows why; column `text`",
            Options = g => g.Stories,
            LengthBounds = c => c.Stories,
            JudgeThresholds = j => j.Stories,
            Recipe = StoriesRecipe.Build,
            SeedSource = (_, _, context, _, _) => new StorySeedSource(
                context.Options.Generation.Stories, context.Hygiene, context.Constitution, context.Options.Run.Seed, context.Options.ConfigPath, context.Options.Constitution.ModelName),
            PreviewAxes = context => new StoryAttributeSampler(
                context.Options.Generation.Stories, context.Hygiene, context.Options.Run.Seed, context.Options.ConfigPath, context.Options.Constitution.ModelName).Draw(1).First(),
            Volumes = new PlanningVolumes { PublishedTokens = 30_000_000, RepresentativeSeeds = StorySeeds },
        },
        new KindEntry
        {
            Kind = DataKind.AdviceChats,
            Name = "advice_chats",
            ConfigKey = "adviceChats",
            CardDescription = "chats where a user faces a dilemma and the assistant reasons it through; column `messages` (`role`, `content`)",
            Options = g => g.AdviceChats,
            LengthBounds = c => c.AdviceChats,
            JudgeThresholds = j => j.AdviceChats,
            Recipe = AdviceChatsRecipe.Build,
            SeedSource = (recipe, templates, context, caller, logger) => new AdviceSeedSource(
                recipe, templates, caller, context.Options.Generation.AdviceChats, context.Constitution, context.Options.Run.Seed, context.Options.Provider.Concurrency, logger),
            PreviewAxes = context => new Dictionary<string, string>
            {
                ["principle"] = "<principle from the principles step>",
                ["prompt_type"] = "<prompt type from the prompt_types step>",
                ["persona"] = context.Options.Generation.AdviceChats.Personas[0],
                ["domain"] = context.Options.Generation.AdviceChats.Domains[0],
                ["stakes"] = context.Options.Generation.AdviceChats.Stakes[0],
                ["user_register"] = context.Options.Generation.AdviceChats.UserRegisters[0],
            },
            Volumes = new PlanningVolumes
            {
                PublishedTokens = 3_000_000,
                PlanCalls = new Dictionary<string, Func<GenerationOptions, int, long, long>>(StringComparer.Ordinal)
                {
                    ["principles"] = (_, sections, _) => sections,
                    ["prompt_types"] = (g, sections, samples) => AdviceSeedSource.PromptTypeCalls(
                        (long)sections * g.AdviceChats.PrinciplesPerSection, sections, samples, g.AdviceChats.PromptTypesPerPrinciple),
                },
                ListItems = new Dictionary<string, Func<GenerationOptions, int>>(StringComparer.Ordinal)
                {
                    ["principles"] = g => g.AdviceChats.PrinciplesPerSection,
                    ["prompt_types"] = g => g.AdviceChats.PromptTypesPerPrinciple,
                },
            },
        },
    ]);

    /// <summary>Every entry, in <see cref="DataKind"/> order.</summary>
    public static IReadOnlyList<KindEntry> All { get; } = [.. ByKind.Values.OrderBy(e => e.Kind)];

    public static KindEntry Get(DataKind kind) =>
        ByKind.TryGetValue(kind, out var entry) ? entry : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind");

    /// <summary>Stories size their length and budget by the drawn length: one deck of drawn attributes stands for the run.</summary>
    private static IReadOnlyList<Seed> StorySeeds(RecipeContext context)
    {
        var options = context.Options;
        var sampler = new StoryAttributeSampler(options.Generation.Stories, context.Hygiene, options.Run.Seed, options.ConfigPath);
        var principle = context.Constitution.Principles[0];
        return [.. sampler.Draw(StoryAttributeSampler.DeckSize).Select(axes => new Seed { Id = "0", Kind = DataKind.Stories, Index = 0, Principle = principle, Axes = axes })];
    }

    /// <summary>Indexes the entries; a <see cref="DataKind"/> value with no entry, or with two, is an error naming it.</summary>
    public static IReadOnlyDictionary<DataKind, KindEntry> Index(IReadOnlyList<KindEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var twice = entries.GroupBy(e => e.Kind).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = Enum.GetValues<DataKind>().Where(k => entries.All(e => e.Kind != k)).ToList();
        if (twice.Count > 0 || missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"the kind catalog is incomplete: {string.Join("; ", missing.Select(k => $"{k} has no entry").Concat(twice.Select(k => $"{k} has two entries")))}");
        }

        return entries.ToDictionary(e => e.Kind);
    }
}
