using System.Runtime.CompilerServices;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Pipeline;
using DataGen.Quality;
using DataGen.Pipeline.Stages;
using DataGen.Seeds;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Reporting.Preview;

/// <summary>
/// <c>datagen preview</c>: plans a few seeds of one kind, renders their prompts, calls the configured model through
/// the normal client and recipe, and runs the run's own quality stages on the samples (heuristic checks, exact and
/// near-duplicate dedupe, decontamination, the judge: whatever the config turns on), writing nothing.
/// </summary>
public sealed class PromptPreviewer
{
    private readonly PreparedRun _run;
    private readonly IChatClient _client;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;

    public PromptPreviewer(PreparedRun run, IChatClient client, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(run);
        _run = run;
        _client = client;
        _loggerFactory = loggerFactory;
        _time = time;
    }

    /// <summary>Extra checks run after the configured quality stages, in order.</summary>
    public IList<PreviewStage> Stages { get; } = [];

    public async Task<IReadOnlyList<PreviewItem>> RunAsync(DataKind kind, int count, CancellationToken cancellationToken)
    {
        var (recipe, templates) = _run.Recipes.First(r => r.Recipe.Kind == kind);
        var options = _run.Options;
        var identity = RunIdentity.For("preview", options, _run.Constitution.Sha256);
        var caller = new ModelCaller(_client, options.Provider.Model, options.Provider.Temperature, _loggerFactory.CreateLogger<ModelCaller>());
        var runner = new RecipeRunner(recipe, _run.Prompts, caller, identity, _time, _loggerFactory.CreateLogger<RecipeRunner>());
        var source = KindRecipes.SeedSource(recipe, runner.Templates, _run.Context, caller, _loggerFactory.CreateLogger<ISeedSource>());
        var seeds = SeedGroups.Assemble(await source.PlanAsync(count, cancellationToken).ToListAsync(cancellationToken), recipe.GroupSize, options.Run.Seed);
        var renderer = new RecipePreview(recipe, templates);

        // The same stage list, in the same order, as a run.
        var pipeline = KindPipeline.Create(_run, kind, _client, null, _time, _loggerFactory);
        var stream = KindPipeline.Fold(pipeline.Stages, GenerateAsync(runner, seeds, cancellationToken), cancellationToken);
        foreach (var stage in Stages)
        {
            stream = stage.Process(stream, cancellationToken);
        }

        var outcomes = new Dictionary<string, GenerationOutcome>(StringComparer.Ordinal);
        await foreach (var outcome in stream.WithCancellation(cancellationToken))
        {
            outcomes[outcome.Sample?.Id ?? outcome.Rejection!.Seed.Id] = outcome;
        }

        return [.. seeds.Select(s => new PreviewItem { Seed = s, Prompts = renderer.Render(s), Outcome = outcomes[s.Id] })];
    }

    private static async IAsyncEnumerable<GenerationOutcome> GenerateAsync(RecipeRunner runner, IReadOnlyList<Seed> seeds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var seed in seeds)
        {
            yield return await runner.GenerateAsync(seed, cancellationToken);
        }
    }
}
