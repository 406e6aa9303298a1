using DataGen.Generation;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Pipeline;
using DataGen.Pipeline.Stages;

namespace DataGen.Scale;

/// <summary>
/// The dedupe task (one, over every generate shard's survivors) and the judge tasks (one per shard, over the dedupe
/// survivors of that shard) each run their part of the kind's stage list (<see cref="StageCut"/>) in seed order, so the
/// first of a cluster keeps whatever the worker count or the order shards finished in.
/// </summary>
internal static class ReduceStages
{
    public static Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> DedupeAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var folders = Enumerable.Range(0, context.Descriptor.Shards).Select(i => context.CommittedFolder(StageNames.Generate, i)).ToList();
        return RunAsync(context, kind => folders.SelectMany(f => ShardStages.ReadSamples(Path.Combine(f, ShardStages.RowsFile(kind)))), cancellationToken);
    }

    public static Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> JudgeAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var reduced = context.CommittedFolder(StageNames.Dedupe, 0);
        return RunAsync(context, kind => ShardStages.ReadSamples(Path.Combine(reduced, ShardStages.RowsFile(kind)))
            .Where(s => ShardAssignment.ShardOf(s.Id, context.Descriptor.Shards) == context.Shard), cancellationToken);
    }

    /// <summary>Runs this task's stages over each kind's <paramref name="input"/> in seed order; writes survivors and rejects.</summary>
    public static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> RunAsync(
        ShardContext context, Func<string, IEnumerable<Sample>> input, CancellationToken cancellationToken)
    {
        var (ledger, kinds, rejects, survivors) = await ProcessAsync(context, input, cancellationToken);
        foreach (var (kind, rows) in survivors)
        {
            JsonLines.Write(Path.Combine(context.Attempt, ShardStages.RowsFile(kind)), rows);
        }

        JsonLines.Write(Path.Combine(context.Attempt, ShardStages.RejectsFile), rejects.OrderBy(r => r.Id, StringComparer.Ordinal));
        return (ledger, kinds);
    }

    /// <summary>Runs this task's stages over each kind's <paramref name="input"/> in seed order and returns what came out.</summary>
    public static async Task<(ManifestUsage? Usage, Dictionary<string, ShardKindStats> Kinds, List<RejectRow> Rejects, Dictionary<string, List<Sample>> Survivors)> ProcessAsync(
        ShardContext context, Func<string, IEnumerable<Sample>> input, CancellationToken cancellationToken)
    {
        var runner = context.Runner;
        var identity = context.Identity;
        using var calls = runner.OpenCalls(context, cancellationToken);
        var rejects = new List<RejectRow>();
        var kinds = new Dictionary<string, ShardKindStats>(StringComparer.Ordinal);
        var survivors = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        foreach (var (recipe, _) in runner.Run.Recipes)
        {
            var kind = recipe.Kind.Name();
            var pipeline = runner.Pipeline(recipe.Kind, calls.Client);
            var stages = StageCut.Of(pipeline.Stages).For(context.Stage);
            var samples = input(kind).OrderBy(s => s.Seed.Index).Select(GenerationOutcome.Of).ToAsyncEnumerable();
            var kept = new List<Sample>();
            await foreach (var outcome in KindPipeline.Fold(stages, samples, calls.Guard.Stopping).WithCancellation(calls.Guard.Stopping))
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

            survivors[kind] = kept;
            kinds[kind] = new ShardKindStats { Stages = [.. stages.Select(s => RunManifestBuilder.ToStage(s.Counters))] };
        }

        return (calls.Ledger.ToManifest(), kinds, rejects, survivors);
    }
}
