using DataGen.Generation;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Pipeline;
using DataGen.Quality;
using DataGen.Quality.Dedupe;

namespace DataGen.Scale;

/// <summary>
/// Dedupe (one task over every generate shard) and judge (one task per shard). Dedupe visits candidates in id order,
/// so the smallest id keeps each exact or near-duplicate cluster and the result never depends on the worker count or
/// the order shards finished in. The judge runs on each shard's survivors.
/// </summary>
internal static class ReduceStages
{
    public const string DropsFile = "drops.jsonl";

    public static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> DedupeAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var run = context.Runner.Run;
        var options = run.Options;
        var identity = ShardStages.Identity(context);
        var folders = Enumerable.Range(0, context.Descriptor.Shards).Select(i => context.CommittedFolder(StageNames.Generate, i)).ToList();
        var drops = new List<RejectRow>();
        var kinds = new Dictionary<string, ShardKindStats>(StringComparer.Ordinal);
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind.Name();
            var candidates = folders.SelectMany(f => ShardStages.ReadSamples(Path.Combine(f, ShardStages.RowsFile(kind)))).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            var stages = new List<ManifestStage>();
            var exactStage = new ExactDedupeStage(context.Runner.Time);
            var stream = candidates.Select(GenerationOutcome.Of).ToAsyncEnumerable();
            if (options.Dedupe.Exact)
            {
                stream = exactStage.ProcessAsync(stream, cancellationToken);
            }

            // The keepers' MinHash signatures live in the index; one pass in id order makes the smallest id the keeper.
            var near = options.Quality.NearDuplicates.Enabled ? new NearDuplicateStage(options.Quality.NearDuplicates, context.Runner.Time) : null;
            if (near is not null)
            {
                stream = near.ProcessAsync(stream, cancellationToken);
            }

            await foreach (var outcome in stream.WithCancellation(cancellationToken))
            {
                if (outcome.Rejection is { } rejection)
                {
                    drops.Add(RowMapper.Reject(rejection, identity));
                }
            }

            if (options.Dedupe.Exact)
            {
                stages.Add(ShardStages.ToStage(exactStage.Counters));
            }

            if (near is not null)
            {
                stages.Add(ShardStages.ToStage(near.Counters));
            }

            kinds[kind] = new ShardKindStats { Stages = stages, Tokens = new ManifestTokens(0, 0, 0) };
        }

        JsonLines.Write(Path.Combine(context.Attempt, DropsFile), drops.OrderBy(d => d.Id, StringComparer.Ordinal));
        return (null, kinds);
    }

    /// <summary>Drops the dedupe losers from one shard's candidates and runs the judge (#5), when on, on the rest.</summary>
    public static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> JudgeAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var runner = context.Runner;
        var options = runner.Run.Options;
        var identity = ShardStages.Identity(context);
        var dropped = JsonLines.Read<RejectRow>(Path.Combine(context.CommittedFolder(StageNames.Dedupe, 0), DropsFile)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var generated = context.CommittedFolder(StageNames.Generate, context.Shard);
        var ledger = runner.NewLedger();
        using var guard = new RunGuard(options.Budget, cancellationToken);
        var (_, client, store) = runner.CreateCaller(context.Stage, context.Shard, ledger, guard);
        using var _ = store;
        var rejects = new List<RejectRow>();
        var kinds = new Dictionary<string, ShardKindStats>(StringComparer.Ordinal);
        foreach (var (recipe, _) in runner.Run.Recipes)
        {
            var kind = recipe.Kind.Name();
            var survivors = ShardStages.ReadSamples(Path.Combine(generated, ShardStages.RowsFile(kind)))
                .Where(s => !dropped.Contains(s.Id))
                .Select(s => options.Quality.NearDuplicates.Enabled ? s with { Quality = s.Quality with { NearDupCluster = s.Id } } : s)
                .Select(GenerationOutcome.Of)
                .ToAsyncEnumerable();
            var quality = ShardStages.Quality(context, recipe.Kind, client);
            CallScope.Enter("judge", kind);
            var stream = quality.Judge is { } judge ? judge.ProcessAsync(survivors, guard.Stopping) : survivors;
            var kept = new List<Sample>();
            await foreach (var outcome in stream.WithCancellation(guard.Stopping))
            {
                if (outcome.Sample is { } sample)
                {
                    kept.Add(sample);
                }
                else
                {
                    rejects.Add(RowMapper.Reject(outcome.Rejection!, identity));
                }
            }

            JsonLines.Write(Path.Combine(context.Attempt, ShardStages.RowsFile(kind)), kept.OrderBy(s => s.Id, StringComparer.Ordinal));
            kinds[kind] = quality.Judge is { } used
                ? new ShardKindStats { Stages = [ShardStages.ToStage(used.Counters)], Tokens = new ManifestTokens(used.Usage.Input, used.Usage.Output, used.Calls) }
                : new ShardKindStats { Stages = [], Tokens = new ManifestTokens(0, 0, 0) };
        }

        JsonLines.Write(Path.Combine(context.Attempt, ShardStages.RejectsFile), rejects.OrderBy(r => r.Id, StringComparer.Ordinal));
        return (ledger.ToManifest(), kinds);
    }
}
