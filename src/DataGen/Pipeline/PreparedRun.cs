using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Pipeline.Stages;
using DataGen.Prompts;

namespace DataGen.Pipeline;

/// <summary>
/// Everything a run needs that can be checked without calling a model: the config, the sectioned constitution, and
/// each kind's recipe with its templates loaded and their placeholders checked. Building one is <c>datagen validate</c>;
/// any problem is a <see cref="ConfigException"/> and nothing has been written or paid for.
/// </summary>
public sealed record PreparedRun
{
    public required PipelineOptions Options { get; init; }

    public required ConstitutionDocument Constitution { get; init; }

    public required PromptLibrary Prompts { get; init; }

    /// <summary>Recipes per kind, in <see cref="DataKindNames.All"/> order.</summary>
    public required IReadOnlyList<(Recipe Recipe, IReadOnlyList<PromptTemplate> Templates)> Recipes { get; init; }

    /// <summary>Held-out eval items for decontamination (empty when it is off).</summary>
    public IReadOnlyList<Quality.Decontamination.EvalItem> EvalItems { get; init; } = [];

    /// <summary>Earlier runs' outputs the dedupe stages load first (<c>dedupe.against</c>); null when none.</summary>
    public Quality.Dedupe.EarlierRuns? Against { get; init; }

    /// <summary>The stage list every kind's pipeline is built from, in order (<see cref="KindPipeline.Standard"/>).</summary>
    public IReadOnlyList<StageFactory> Stages { get; init; } = KindPipeline.Standard;

    /// <summary>Samples per kind after <c>--limit</c>.</summary>
    public required IReadOnlyDictionary<DataKind, int> Counts { get; init; }

    /// <summary>What recipes and seed sources are built from.</summary>
    public RecipeContext Context => new(Options, Constitution, Prompts);

    public static PreparedRun Prepare(PipelineOptions options, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var constitution = ConstitutionLoader.Load(options.Constitution.Path, options.Constitution.Persona);
        var prompts = new PromptLibrary(options.Prompts.Directory);
        var context = new RecipeContext(options, constitution, prompts);
        var recipes = new List<(Recipe, IReadOnlyList<PromptTemplate>)>();
        var problems = new List<ConfigException>();
        foreach (var kind in DataKindNames.All)
        {
            try
            {
                var recipe = KindRecipes.For(kind, context);
                if (Providers.Routing.ProviderRoutes.UnknownSteps(options, recipe).ToList() is { Count: > 0 } unknownSteps)
                {
                    throw new ConfigException(options.ConfigPath, unknownSteps);
                }

                KindCatalog.Get(kind).Volumes.Check(recipe);
                recipes.Add((recipe, RecipeRunner.LoadAndCheck(recipe, prompts)));
                _ = KindRecipes.PreviewSeed(kind, context);
                if (options.Quality.Judge.Enabled)
                {
                    Quality.Judging.JudgeStage.LoadTemplates(kind, options.Quality.Judge, prompts);
                }
            }
            catch (ConfigException ex)
            {
                problems.Add(ex);
            }
        }

        if (problems.Count == 1)
        {
            throw problems[0];
        }

        if (problems.Count > 1)
        {
            throw new ConfigException(options.Prompts.Directory, [.. problems.Select(p => p.Message)]);
        }

        var counts = DataKindNames.All.ToDictionary(k => k, k => Math.Min(options.Generation.Options(k).Count, limit ?? int.MaxValue));
        var decontamination = options.Quality.Decontamination;
        if (decontamination.Enabled && !Directory.Exists(decontamination.Folder))
        {
            // Without it decontamination would be silently off while the manifest says it is on.
            throw new ConfigException(options.ConfigPath, $"$.quality.decontamination.folder: folder not found: {decontamination.Folder}; decontamination is on, so its eval sets must be there (or set quality.decontamination.enabled to false)");
        }

        var evalItems = decontamination.Enabled ? Quality.Decontamination.EvalSetLoader.Load(decontamination.Folder, decontamination.CsvTextColumn) : [];
        if (decontamination.Enabled && decontamination.LlmJudge.Enabled)
        {
            _ = Quality.Decontamination.ContaminationJudge.LoadTemplate(prompts);
        }

        var against = Quality.Dedupe.EarlierRuns.Resolve(options.Dedupe.Against, options.Output.Directory, options.ConfigPath);
        return new PreparedRun { Options = options, Constitution = constitution, Prompts = prompts, Recipes = recipes, Counts = counts, EvalItems = evalItems, Against = against };
    }
}
