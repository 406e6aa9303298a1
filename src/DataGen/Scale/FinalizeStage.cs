using System.Text.Json;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Pipeline;

namespace DataGen.Scale;

/// <summary>
/// The last task: writes the final layout the single-process run writes (kind folders of Parquet shards in id order,
/// <c>rejects/</c>, <c>manifest.json</c> with the logical content hash, the dataset card) from the judge commits.
/// It writes the top of the output folder directly: its output is a pure function of the commits, so a rerun after a
/// crash rewrites the same files.
/// </summary>
internal static class FinalizeStage
{
    public static async Task<(ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>)> RunAsync(ShardContext context, CancellationToken cancellationToken)
    {
        var run = context.Runner.Run;
        var options = run.Options;
        var output = context.Layout.Output;
        var shards = context.Descriptor.Shards;
        var identity = ShardStages.Identity(context);
        var metadata = new Dictionary<string, string>
        {
            ["datagen.run_id"] = identity.RunId,
            ["datagen.simulated"] = identity.Simulated ? "true" : "false",
            ["datagen.constitution_sha256"] = run.Constitution.Sha256,
        };
        var plan = CommitPublisher.Read(context.Layout.CommitFile(StageNames.Plan, 0))!;
        var generated = context.Commits(StageNames.Generate).ToList();
        var dedupe = CommitPublisher.Read(context.Layout.CommitFile(StageNames.Dedupe, 0))!;
        var judged = Enumerable.Range(0, shards).Select(i => context.CommittedFolder(StageNames.Judge, i)).ToList();
        var contentHash = new LogicalContentHash();
        var kinds = new Dictionary<string, ManifestKind>(StringComparer.Ordinal);
        var written = new List<ShardInfo>();
        var simulated = identity.Simulated;
        var judgeCommits = context.Commits(StageNames.Judge).ToList();
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind.Name();
            var samples = judged.SelectMany(folder => ShardStages.ReadSamples(Path.Combine(folder, ShardStages.RowsFile(kind))))
                .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            var diversity = Quality.Diversity.DiversityTracker.For(options.Generation.Options(recipe.Kind), run.Constitution.Principles.Count);
            samples.ForEach(diversity.Add);
            IReadOnlyList<ShardInfo> files;
            if (recipe.WritesChats)
            {
                var rows = samples.Select(s => RowMapper.Chat(s, identity.RunId)).ToList();
                rows.ForEach(contentHash.Add);
                files = await WriteAsync(new ParquetShardWriter<ChatSampleRow>(output, kind, options.Output.RowsPerShard, options.Output.Compression, metadata), rows, cancellationToken);
            }
            else
            {
                var rows = samples.Select(s => RowMapper.Text(s, identity.RunId)).ToList();
                rows.ForEach(contentHash.Add);
                files = await WriteAsync(new ParquetShardWriter<TextSampleRow>(output, kind, options.Output.RowsPerShard, options.Output.Compression, metadata), rows, cancellationToken);
            }

            written.AddRange(files);
            var perShard = generated.Concat([dedupe]).Concat(judgeCommits).Select(c => c.Kinds.GetValueOrDefault(kind)).OfType<ShardKindStats>().ToList();
            simulated |= perShard.Any(s => s.SawSimulated);

            // Stage counters summed over shards, in pipeline order: seed gate, generate, per-sample checks, dedupe, judge.
            var stages = perShard.SelectMany(s => s.Stages).GroupBy(s => s.Stage, StringComparer.Ordinal).Select(g => Sum(g.Key, g)).ToList();
            var tokens = perShard.Select(s => s.Tokens).Append(plan.Kinds.GetValueOrDefault(kind)?.Tokens ?? new ManifestTokens(0, 0, 0)).ToList();
            kinds[kind] = new ManifestKind
            {
                Requested = run.Counts[recipe.Kind],
                Rows = files.Sum(f => f.Rows),
                Stages = stages,
                Tokens = new ManifestTokens(tokens.Sum(t => t.Input), tokens.Sum(t => t.Output), tokens.Sum(t => t.Calls)),
                Diversity = diversity.ToManifest(),
            };
        }

        var order = run.Recipes.Select((r, i) => (r.Recipe.Kind.Name(), i)).ToDictionary(p => p.Item1, p => p.i, StringComparer.Ordinal);
        var rejectFilesIn = generated.Select(c => Path.Combine(context.Layout.AttemptFolder(c.Attempt), ShardStages.RejectsFile))
            .Append(Path.Combine(context.Layout.AttemptFolder(dedupe.Attempt), ReduceStages.DropsFile))
            .Concat(judged.Select(folder => Path.Combine(folder, ShardStages.RejectsFile)));
        var rejects = rejectFilesIn.SelectMany(JsonLines.Read<RejectRow>)
            .OrderBy(r => order.GetValueOrDefault(r.Kind)).ThenBy(r => r.Id, StringComparer.Ordinal);
        var rejectFiles = await WriteAsync(new ParquetShardWriter<RejectRow>(output, PipelineRunner.RejectsFolder, options.Output.RowsPerShard, options.Output.Compression, metadata), rejects, cancellationToken);
        var usage = UsageMerger.Merge(context.Commits(StageNames.Plan).Concat(generated).Concat(context.Commits(StageNames.Judge)).Select(c => c.Usage));
        var manifest = new RunManifest
        {
            Version = PipelineRunner.Version,
            RunId = identity.RunId,
            Name = options.Run.Name,
            Status = "completed",
            Simulated = simulated,
            StartedAt = context.Descriptor.CreatedAt,
            FinishedAt = context.Runner.Time.GetUtcNow(),
            Provider = new ManifestProvider(identity.Provider, identity.Model, PipelineRunner.EndpointWithoutCredentials(options.Provider.Endpoint)),
            Constitution = new ManifestConstitution(run.Constitution.SourcePath, run.Constitution.Title, run.Constitution.Sha256, run.Constitution.Principles.Count),
            Prompts = [.. run.Recipes.SelectMany(r => r.Recipe.Steps.Select((step, i) => new ManifestPrompt(r.Recipe.Kind.Name(), step.Name, r.Templates[i].Name, r.Templates[i].Id)))],
            Kinds = kinds,
            Tokens = ManifestTokens.Of(usage),
            Shards = written,
            Rejects = rejectFiles,
            Usage = usage,
            Config = JsonSerializer.SerializeToNode(options with { Provider = options.Provider with { Endpoint = null }, Providers = Providers.Routing.ProviderRoutes.WithoutCredentials(options.Providers) }, PipelineConfigLoader.JsonOptions)!,
            ContentHash = contentHash.Finish(),
            ShardCount = shards,
        };
        manifest.Config["provider"]!["endpoint"] = manifest.Provider.Endpoint;
        await ManifestWriter.WriteAsync(Path.Combine(output, PipelineRunner.ManifestFile), manifest, cancellationToken);
        await DatasetCardWriter.WriteAsync(output, manifest, cancellationToken);
        return (null, new Dictionary<string, ShardKindStats>());
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

    private static ManifestStage Sum(string stage, IEnumerable<ManifestStage> parts)
    {
        var list = parts.ToList();
        var dropped = list.SelectMany(p => p.Dropped).GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        return new ManifestStage(stage, list.Sum(p => p.Seen), list.Sum(p => p.Kept), new SortedDictionary<string, long>(dropped, StringComparer.Ordinal));
    }
}
