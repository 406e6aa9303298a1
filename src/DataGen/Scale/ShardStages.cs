using DataGen.Concurrency;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Pipeline;
using DataGen.Pipeline.Stages;
using DataGen.Quality;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Scale;

/// <summary>
/// The task bodies of a sharded run, which runs each kind's <see cref="KindPipeline"/> cut by <see cref="StageCut"/>.
/// Plan runs the seed sources once (list-making calls included) and writes every seed; generate runs one shard's seeds
/// and its kind's leading per-sample stages; dedupe and judge run their part of the list (<see cref="ReduceStages"/>);
/// finalize runs the rest and writes the dataset (<see cref="FinalizeStage"/>). Every task but plan writes its
/// survivors per kind and its rejects.
/// </summary>
internal static class ShardStages
{
    public const string PlanFile = "plan.jsonl";
    public const string RejectsFile = "rejects.jsonl";

    public static string RowsFile(string kind) => $"{kind}.jsonl";

    public static Task<(ManifestUsage? Usage, IReadOnlyDictionary<string, ShardKindStats> Kinds)> RunAsync(ShardContext context, CancellationToken cancellationToken) =>
        context.Stage switch
        {
            StageNames.Plan => PlanAsync(context, cancellationToken),
            StageNames.Generate => GenerateAsync(context, cancellationToken),
            StageNames.Dedupe => ReduceStages.DedupeAsync(context, cancellationToken),
            StageNames.Judge => ReduceStages.JudgeAsync(context, cancellationToken),
            StageNames.Finalize => FinalizeStage.RunAsync(context, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(context), context.Stage, "unknown stage"),
        };

    private static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> PlanAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var runner = context.Runner;
        var run = runner.Run;
        using var calls = runner.OpenCalls(context, cancellationToken);
        var identity = context.Identity;
        var planned = new List<PlannedSeed>();
        var kinds = new Dictionary<string, ShardKindStats>(StringComparer.Ordinal);
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind.Name();
            CallScope.Enter("plan", kind);
            var recipeRunner = new RecipeRunner(recipe, run.Prompts, calls.Caller, identity, runner.Time, runner.LoggerFactory.CreateLogger<RecipeRunner>());
            var source = KindRecipes.SeedSource(recipe, recipeRunner.Templates, run.Context, calls.Caller, runner.LoggerFactory.CreateLogger<ISeedSource>());
            var count = 0;

            // With exact-N the whole candidate budget is planned at once: the reduce keeps the first N survivors in seed
            // order, which are the rows the streaming run's rounds (in the same order) keep.
            await foreach (var seed in source.PlanAsync(new ExactNTally(run.Options.Quality.ExactN, run.Counts[recipe.Kind]).Budget, calls.Guard.Stopping))
            {
                planned.Add(new PlannedSeed { Id = seed.Id, Kind = kind, Index = seed.Index, PrincipleId = seed.Principle.Id, Axes = seed.Axes });
                count++;
            }

            kinds[kind] = new ShardKindStats { Stages = [new ManifestStage("plan", count, count, new Dictionary<string, long>())] };
        }

        JsonLines.Write(Path.Combine(context.Attempt, PlanFile), planned.OrderBy(p => p.Id, StringComparer.Ordinal));
        return (calls.Ledger.ToManifest(), kinds);
    }

    private static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> GenerateAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var runner = context.Runner;
        var run = runner.Run;
        var options = run.Options;
        var plan = JsonLines.Read<PlannedSeed>(Path.Combine(context.CommittedFolder(StageNames.Plan, 0), PlanFile));
        var principles = run.Constitution.Principles.ToDictionary(p => p.Id, StringComparer.Ordinal);
        using var calls = runner.OpenCalls(context, cancellationToken);
        var identity = context.Identity;
        var rejects = new List<RejectRow>();
        var kinds = new Dictionary<string, ShardKindStats>(StringComparer.Ordinal);
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind;
            // Seeds that share a call are split by group, so a group is generated whole, once, in one shard.
            var seeds = plan
                .Where(p => p.Kind == kind.Name()
                    && ShardAssignment.ShardOf(SeedGroups.ShardKey(kind, options.Run.Seed, p.Index, p.Id, recipe.GroupSize), context.Descriptor.Shards) == context.Shard)
                .Select(p => new Seed { Id = p.Id, Kind = kind, Index = p.Index, Principle = principles[p.PrincipleId], Axes = p.Axes })
                .OrderBy(s => s.Index)
                .ToList();
            var recipeRunner = new RecipeRunner(recipe, run.Prompts, calls.Caller, identity, runner.Time, runner.LoggerFactory.CreateLogger<RecipeRunner>());
            var pipeline = runner.Pipeline(recipe.Kind, calls.Client);
            var stages = StageCut.Of(pipeline.Stages).Generate;
            var counters = new StageCounters(KindPipeline.GenerateStage);
            var nameHygiene = new StageCounters(RecipeRunner.NameHygieneStage);
            var simulatedRows = new SimulatedRows();
            var survivors = new List<Sample>();
            var stream = recipe.GroupSize <= 1
                ? seeds.ToAsyncEnumerable().SelectConcurrentAsync(
                    options.Provider.SamplesInProgress, (seed, ct) => GenerateOneAsync(context, recipeRunner, pipeline.SeedGate, seed, calls.Guard, ct), calls.Guard.Stopping)
                // Grouped seeds pass the gate first, in plan order as the streaming run does, so both form the same groups.
                : SeedGroups.AssembleAsync(PipelineRunner.GateSeeds(seeds.ToAsyncEnumerable(), pipeline.SeedGate, calls.Guard.Stopping), recipe.GroupSize, options.Run.Seed, calls.Guard.Stopping)
                    .SelectConcurrentAsync(options.Provider.SamplesInProgress, (item, ct) => item.Rejection is { } r
                        ? Task.FromResult(GenerationOutcome.Of(r))
                        : GenerateOneAsync(context, recipeRunner, null, item.Seed!, calls.Guard, ct), calls.Guard.Stopping);
            stream = KindPipeline.Fold(stages, PipelineRunner.CountGenerated(stream, counters, nameHygiene, calls.Guard, null, calls.Guard.Stopping), calls.Guard.Stopping);
            await foreach (var outcome in stream.WithCancellation(calls.Guard.Stopping))
            {
                if (outcome.Sample is { } sample)
                {
                    if (sample.Simulated && !identity.Simulated)
                    {
                        simulatedRows.Mark();
                    }

                    survivors.Add(sample);
                }
                else
                {
                    rejects.Add(RowMapper.Reject(outcome.Rejection!, identity));
                }
            }

            JsonLines.Write(Path.Combine(context.Attempt, RowsFile(kind.Name())), survivors);
            kinds[kind.Name()] = new ShardKindStats
            {
                Stages = [.. pipeline.SeedCounters.Append(counters).Concat(recipe.Hygiene is null ? [] : [nameHygiene]).Concat(stages.Select(s => s.Counters)).Select(RunManifestBuilder.ToStage)],
                SawSimulated = simulatedRows.Seen,
            };
        }

        JsonLines.Write(Path.Combine(context.Attempt, RejectsFile), rejects.OrderBy(r => r.Id, StringComparer.Ordinal));
        return (calls.Ledger.ToManifest(), kinds);
    }

    internal static List<Sample> ReadSamples(string path) => JsonLines.Read<Sample>(path);

    private static async Task<GenerationOutcome> GenerateOneAsync(
        ShardContext context, RecipeRunner runner, Quality.Decontamination.SeedDecontaminationGate? gate, Seed seed, RunGuard guard, CancellationToken cancellationToken)
    {
        CallScope.Enter("generate", seed.Kind.Name());
        if (gate is not null)
        {
            var (checkedSeed, rejected) = await gate.CheckAsync(seed, cancellationToken);
            if (rejected is not null)
            {
                return GenerationOutcome.Of(rejected);
            }

            seed = checkedSeed!;
        }

        return await PipelineRunner.GenerateOneAsync(
            runner, seed, guard, context.Runner.LoggerFactory.CreateLogger<ShardTaskRunner>(), context.Runner.Time, cancellationToken);
    }
}
