using System.IO.Hashing;
using System.Text;
using DataGen.Concurrency;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Pipeline;
using DataGen.Quality;
using DataGen.Quality.Decontamination;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Scale;

/// <summary>
/// The stage bodies. Plan runs the seed sources once (list-making calls included) and writes every seed sorted by id;
/// generate runs one shard's seeds and writes candidate rows, rejects and dedupe signatures. Per-sample checks that
/// need no other sample (heuristic checks, decontamination) belong in generate; dedupe and judge are in
/// <see cref="ReduceStages"/>, finalize in <see cref="FinalizeStage"/>.
/// </summary>
internal static class ShardStages
{
    public const string PlanFile = "plan.jsonl";
    public const string SignaturesFile = "signatures.jsonl";
    public const string RejectsFile = "rejects.jsonl";

    public static string RowsFile(string kind) => $"{kind}.jsonl";

    public static Task<(ManifestUsage? Usage, IReadOnlyDictionary<string, ShardKindStats> Kinds)> RunAsync(ShardContext context, CancellationToken cancellationToken) =>
        context.Stage switch
        {
            StageNames.Plan => PlanAsync(context, cancellationToken),
            StageNames.Generate => GenerateAsync(context, cancellationToken),
            StageNames.Dedupe => ReduceStages.DedupeAsync(context, cancellationToken),
            StageNames.Judge => ReduceStages.JudgeAsync(context, cancellationToken),
            _ => FinalizeStage.RunAsync(context, cancellationToken),
        };

    private static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> PlanAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var runner = context.Runner;
        var run = runner.Run;
        var ledger = runner.NewLedger();
        using var guard = new RunGuard(run.Options.Budget, cancellationToken);
        var (caller, _, store) = runner.CreateCaller(context.Stage, context.Shard, ledger, guard);
        using var _ = store;
        var identity = Identity(context);
        var planned = new List<PlannedSeed>();
        var kinds = new Dictionary<string, ShardKindStats>(StringComparer.Ordinal);
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind.Name();
            CallScope.Enter("plan", kind);
            var recipeRunner = new RecipeRunner(recipe, run.Prompts, caller, identity, runner.Time, runner.LoggerFactory.CreateLogger<RecipeRunner>());
            var source = KindRecipes.SeedSource(recipe, recipeRunner.Templates, run.Context, caller, runner.LoggerFactory.CreateLogger<ISeedSource>());
            var count = 0;
            await foreach (var seed in source.PlanAsync(run.Counts[recipe.Kind], guard.Stopping))
            {
                planned.Add(new PlannedSeed { Id = seed.Id, Kind = kind, Index = seed.Index, PrincipleId = seed.Principle.Id, Axes = seed.Axes });
                count++;
            }

            kinds[kind] = new ShardKindStats
            {
                Stages = [new ManifestStage("plan", count, count, new Dictionary<string, long>())],
                Tokens = new ManifestTokens(source.Usage.Input, source.Usage.Output, source.Calls),
            };
        }

        JsonLines.Write(Path.Combine(context.Attempt, PlanFile), planned.OrderBy(p => p.Id, StringComparer.Ordinal));
        return (ledger.ToManifest(), kinds);
    }

    private static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> GenerateAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var runner = context.Runner;
        var run = runner.Run;
        var options = run.Options;
        var plan = JsonLines.Read<PlannedSeed>(Path.Combine(context.CommittedFolder(StageNames.Plan, 0), PlanFile));
        var principles = run.Constitution.Principles.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var ledger = runner.NewLedger();
        using var guard = new RunGuard(options.Budget, cancellationToken);
        var (caller, client, store) = runner.CreateCaller(context.Stage, context.Shard, ledger, guard);
        using var _ = store;
        var identity = Identity(context);
        var signatures = new List<CandidateSignature>();
        var rejects = new List<RejectRow>();
        var kinds = new Dictionary<string, ShardKindStats>(StringComparer.Ordinal);
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind;
            var seeds = plan
                .Where(p => p.Kind == kind.Name() && ShardAssignment.ShardOf(p.Id, context.Descriptor.Shards) == context.Shard)
                .Select(p => new Seed { Id = p.Id, Kind = kind, Index = p.Index, Principle = principles[p.PrincipleId], Axes = p.Axes })
                .ToList();
            var recipeRunner = new RecipeRunner(recipe, run.Prompts, caller, identity, runner.Time, runner.LoggerFactory.CreateLogger<RecipeRunner>());
            var quality = Quality(context, kind, client);
            var counters = new StageCounters("generate");
            var nameHygiene = new StageCounters(RecipeRunner.NameHygieneStage);
            var tokens = new TokenTally();
            var candidates = new List<Sample>();
            var stream = seeds.ToAsyncEnumerable().SelectConcurrentAsync(
                options.Provider.SamplesInProgress, (seed, ct) => GenerateOneAsync(context, recipeRunner, quality.SeedGate, seed, guard, ct), guard.Stopping);

            // The stages that look at one sample alone (#5 checks, decontamination) run here, in the shard.
            stream = quality.PerSample(PipelineRunner.CountGenerated(stream, counters, nameHygiene, tokens, guard, null, guard.Stopping), guard.Stopping);
            await foreach (var outcome in stream.WithCancellation(guard.Stopping))
            {
                if (outcome.Sample is { } sample)
                {
                    if (sample.Simulated && !identity.Simulated)
                    {
                        tokens.MarkSimulated();
                    }

                    candidates.Add(sample);
                    signatures.Add(new CandidateSignature
                    {
                        Id = sample.Id,
                        Kind = kind.Name(),
                        Exact = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(sample.Content))).ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
                    });
                }
                else
                {
                    rejects.Add(RowMapper.Reject(outcome.Rejection!, identity));
                }
            }

            JsonLines.Write(Path.Combine(context.Attempt, RowsFile(kind.Name())), candidates.OrderBy(c => c.Id, StringComparer.Ordinal));
            var stages = new List<StageCounters>();
            if (quality.SeedGate is { } gate)
            {
                stages.Add(gate.Counters);
            }

            stages.Add(counters);
            if (recipe.Hygiene is not null)
            {
                stages.Add(nameHygiene);
            }
            stages.AddRange(quality.PerSampleCounters);
            kinds[kind.Name()] = new ShardKindStats
            {
                Stages = [.. stages.Select(ToStage)],
                Tokens = tokens.ToManifest(),
                SawSimulated = tokens.SawSimulated,
            };
        }

        JsonLines.Write(Path.Combine(context.Attempt, SignaturesFile), signatures.OrderBy(s => s.Id, StringComparer.Ordinal));
        JsonLines.Write(Path.Combine(context.Attempt, RejectsFile), rejects.OrderBy(r => r.Id, StringComparer.Ordinal));
        return (ledger.ToManifest(), kinds);
    }

    internal static QualityPipeline Quality(ShardContext context, DataKind kind, Microsoft.Extensions.AI.IChatClient client)
    {
        var run = context.Runner.Run;
        return QualityPipeline.Create(kind, run.Options, run.Constitution, run.Prompts, run.EvalItems, client, QualityPipeline.LocalEmbeddings, context.Runner.Time, context.Runner.LoggerFactory);
    }

    internal static ManifestStage ToStage(StageCounters counters) => new(counters.Stage, counters.Seen, counters.Kept, counters.Dropped);

    internal static List<Sample> ReadSamples(string path) => JsonLines.Read<Sample>(path);

    internal static RunIdentity Identity(ShardContext context)
    {
        var run = context.Runner.Run;
        return RunIdentity.For(context.Descriptor.RunId, run.Options, run.Constitution.Sha256);
    }

    private static async Task<GenerationOutcome> GenerateOneAsync(ShardContext context, RecipeRunner runner, SeedDecontaminationGate? gate, Seed seed, RunGuard guard, CancellationToken cancellationToken)
    {
        CallScope.Enter("generate", seed.Kind.Name());
        if (gate is not null && (await gate.CheckAsync(seed, cancellationToken)).Rejection is { } rejected)
        {
            return GenerationOutcome.Of(rejected);
        }

        return await PipelineRunner.GenerateOneAsync(
            runner, seed, guard, context.Runner.LoggerFactory.CreateLogger<ShardTaskRunner>(), context.Runner.Time, cancellationToken);
    }
}
