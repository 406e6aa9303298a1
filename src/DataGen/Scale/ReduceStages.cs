using DataGen.Generation;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Quality.Dedupe;

namespace DataGen.Scale;

/// <summary>
/// Dedupe (one task over every generate shard's signatures) and judge (one task per shard). Dedupe keeps the smallest
/// id of each cluster, so which rows survive never depends on the worker count or the order shards finished in.
/// </summary>
internal static class ReduceStages
{
    public const string DropsFile = "drops.jsonl";

    public static (ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>) Dedupe(ShardContext context)
    {
        var signatures = Enumerable.Range(0, context.Descriptor.Shards)
            .SelectMany(i => JsonLines.Read<CandidateSignature>(Path.Combine(context.CommittedFolder(StageNames.Generate, i), ShardStages.SignaturesFile)))
            .ToList();
        var drops = new List<DuplicateDrop>();
        if (context.Runner.Run.Options.Dedupe.Exact)
        {
            // Exact clusters share a normalised-text hash. Near-duplicate clustering (#5 MinHash) plugs in here by
            // also grouping on the signatures' MinHash bands; the keep-the-smallest-id rule stays the same.
            foreach (var cluster in signatures.GroupBy(s => (s.Kind, s.Exact)))
            {
                var ordered = cluster.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
                drops.AddRange(ordered.Skip(1).Select(s => new DuplicateDrop(s.Id, s.Kind, ordered[0].Id, "duplicate")));
            }
        }

        JsonLines.Write(Path.Combine(context.Attempt, DropsFile), drops.OrderBy(d => d.Id, StringComparer.Ordinal));
        var kinds = signatures.GroupBy(s => s.Kind).ToDictionary(
            g => g.Key,
            g =>
            {
                var dropped = drops.Count(d => d.Kind == g.Key);
                return new ShardKindStats
                {
                    Stage = new ManifestStage(ExactDedupeStage.StageName, g.Count(), g.Count() - dropped, dropped == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["duplicate"] = dropped }),
                    Tokens = new ManifestTokens(0, 0, 0),
                };
            },
            StringComparer.Ordinal);
        return (null, kinds);
    }

    /// <summary>
    /// Applies the dedupe decisions to one shard's candidates and, where a judge is configured (#5), runs it on the
    /// survivors; without one the survivors pass through unchanged.
    /// </summary>
    public static (ManifestUsage?, IReadOnlyDictionary<string, ShardKindStats>) Judge(ShardContext context)
    {
        var drops = JsonLines.Read<DuplicateDrop>(Path.Combine(context.CommittedFolder(StageNames.Dedupe, 0), DropsFile))
            .ToDictionary(d => d.Id, StringComparer.Ordinal);
        var generated = context.CommittedFolder(StageNames.Generate, context.Shard);
        var rejects = new List<RejectRow>();
        foreach (var (recipe, _) in context.Runner.Run.Recipes)
        {
            var kind = recipe.Kind.Name();
            var rows = ShardStages.ReadRows(Path.Combine(generated, ShardStages.RowsFile(kind)), recipe.WritesChats);
            var kept = new List<SampleRow>();
            foreach (var row in rows)
            {
                if (drops.TryGetValue(row.Id, out var drop))
                {
                    rejects.Add(Reject(row, drop));
                }
                else
                {
                    kept.Add(row);
                }
            }

            // The #5 judge stage runs on `kept` here, moving rows it fails into `rejects` with its reason.
            ShardStages.WriteRows(Path.Combine(context.Attempt, ShardStages.RowsFile(kind)), kept, recipe.WritesChats);
        }

        JsonLines.Write(Path.Combine(context.Attempt, ShardStages.RejectsFile), rejects);
        return (null, new Dictionary<string, ShardKindStats>());
    }

    private static RejectRow Reject(SampleRow row, DuplicateDrop drop) => new()
    {
        Id = row.Id,
        Kind = row.Kind,
        Stage = ExactDedupeStage.StageName,
        Reason = drop.Reason,
        Detail = $"same normalised text as {drop.KeptId}",
        PrincipleId = row.PrincipleId,
        PromptId = row.PromptId,
        Provider = row.Provider,
        Model = row.Model,
        Simulated = row.Simulated,
        Axes = new Dictionary<string, string>(row.Axes),
        Content = row is TextSampleRow text ? text.Text : System.Text.Json.JsonSerializer.Serialize(((ChatSampleRow)row).Messages),
        InputTokens = row.InputTokens,
        OutputTokens = row.OutputTokens,
        RunId = row.RunId,
        CreatedAt = row.CreatedAt,
    };
}
