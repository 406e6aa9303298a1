using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Pipeline;
using DataGen.Pipeline.Stages;

namespace DataGen.Scale;

/// <summary>
/// The last task: runs the kind's trailing stages that need every sample (exact-N's cap) over the judge survivors in
/// seed order, and writes the final layout the single-process run writes (kind folders of Parquet shards in seed
/// order, <c>rejects/</c>, <c>manifest.json</c> with the logical content hash, the dataset card). It writes the top of
/// the output folder directly: its output is a pure function of the commits, so a rerun after a crash rewrites the
/// same files.
/// </summary>
internal static class FinalizeStage
{
    public static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> RunAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var run = context.Runner.Run;
        var options = run.Options;
        var output = context.Layout.Output;
        var identity = context.Identity;
        var metadata = identity.ParquetMetadata();
        var judged = Enumerable.Range(0, context.Descriptor.Shards).Select(i => context.CommittedFolder(StageNames.Judge, i)).ToList();
        var (usage, own, finalRejects, survivors) = await ReduceStages.ProcessAsync(
            context, kind => judged.SelectMany(folder => ShardStages.ReadSamples(Path.Combine(folder, ShardStages.RowsFile(kind)))), cancellationToken);
        var upstream = StageNames.All.Where(s => s != StageNames.Finalize).SelectMany(context.Commits).ToList();
        // Axis totals count the planned values (list-made axes have no configured total): the plan stage's file holds them.
        var plan = JsonLines.Read<PlannedSeed>(Path.Combine(context.CommittedFolder(StageNames.Plan, 0), ShardStages.PlanFile)).ToLookup(p => p.Kind, StringComparer.Ordinal);
        var contentHash = new LogicalContentHash();
        var kinds = new Dictionary<string, ManifestKind>(StringComparer.Ordinal);
        var written = new List<ShardInfo>();
        var simulated = false;
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind.Name();
            var samples = survivors[kind];
            var pipeline = context.Runner.Pipeline(recipe.Kind, context.Runner.Client);
            foreach (var seed in plan[kind])
            {
                pipeline.Diversity.Plan(seed.Axes);
            }

            samples.ForEach(pipeline.Diversity.Add);
            IReadOnlyList<ShardInfo> files;
            if (recipe.WritesChats)
            {
                var rows = samples.Select(s => RowMapper.Chat(s, identity)).ToList();
                rows.ForEach(contentHash.Add);
                files = await WriteAsync(new ParquetShardWriter<ChatSampleRow>(output, kind, options.Output.RowsPerShard, options.Output.Compression, metadata), rows, cancellationToken);
            }
            else
            {
                var rows = samples.Select(s => RowMapper.Text(s, identity)).ToList();
                rows.ForEach(contentHash.Add);
                files = await WriteAsync(new ParquetShardWriter<TextSampleRow>(output, kind, options.Output.RowsPerShard, options.Output.Compression, metadata), rows, cancellationToken);
            }

            written.AddRange(files);
            var perTask = upstream.Select(c => c.Kinds.GetValueOrDefault(kind)).Append(own[kind]).OfType<ShardKindStats>().ToList();
            simulated |= perTask.Any(s => s.SawSimulated);
            var stages = RunManifestBuilder.Stages(pipeline, perTask.SelectMany(s => s.Stages).Where(s => s.Stage != "plan"));
            kinds[kind] = new ManifestKind
            {
                Requested = run.Counts[recipe.Kind],
                Rows = files.Sum(f => f.Rows),
                Stages = stages,
                Diversity = pipeline.Diversity.ToManifest(),
                ExactN = options.Quality.ExactN.Enabled ? ExactN(pipeline, stages, run.Counts[recipe.Kind]) : null,
            };
        }

        var order = run.Recipes.Select((r, i) => (r.Recipe.Kind.Name(), i)).ToDictionary(p => p.Item1, p => p.i, StringComparer.Ordinal);
        var rejectFilesIn = StageNames.All.Where(s => s is not StageNames.Plan and not StageNames.Finalize)
            .SelectMany(stage => Enumerable.Range(0, StageNames.Tasks(stage, context.Descriptor.Shards)).Select(i => context.CommittedFolder(stage, i)))
            .Select(folder => Path.Combine(folder, ShardStages.RejectsFile));
        var rejects = rejectFilesIn.SelectMany(JsonLines.Read<RejectRow>).Concat(finalRejects)
            .OrderBy(r => order.GetValueOrDefault(r.Kind)).ThenBy(r => r.Id, StringComparer.Ordinal);
        var rejectFiles = await WriteAsync(new ParquetShardWriter<RejectRow>(output, PipelineRunner.RejectsFolder, options.Output.RowsPerShard, options.Output.Compression, metadata), rejects, cancellationToken);
        var manifest = RunManifestBuilder.Build(
            run, identity, "completed", null, simulated, context.Descriptor.CreatedAt, context.Runner.Time.GetUtcNow(), kinds, written, rejectFiles,
            UsageMerger.Merge(upstream.Select(c => c.Usage).Append(usage)), contentHash.Finish()) with
        {
            ShardCount = context.Descriptor.Shards,
        };
        await ManifestWriter.WriteAsync(Path.Combine(output, PipelineRunner.ManifestFile), manifest, cancellationToken);
        await DatasetCardWriter.WriteAsync(output, manifest, cancellationToken);
        return (usage, own);
    }

    /// <summary>Exact-N's outcome: the whole candidate budget was planned, the kept count is the cap's.</summary>
    private static ManifestExactN ExactN(KindPipeline pipeline, IReadOnlyList<ManifestStage> stages, int target)
    {
        var tally = pipeline.ExactN;
        tally.PlannedAll();
        var kept = stages.FirstOrDefault(s => s.Stage == ExactNStage.StageName)?.Kept ?? 0;
        return new ManifestExactN(target, kept, tally.Candidates, tally.Budget, kept >= target ? "reached" : "budget_spent");
    }

    private static async Task<IReadOnlyList<ShardInfo>> WriteAsync<TRow>(ParquetShardWriter<TRow> writer, IEnumerable<TRow> rows, CancellationToken cancellationToken)
        where TRow : class, new()
    {
        foreach (var row in rows)
        {
            await writer.AddAsync(row, cancellationToken);
        }

        return await writer.CompleteAsync(cancellationToken);
    }
}
