using System.Text.Json.Nodes;
using DataGen.Output.Reading;

namespace DataGen.Reporting;

/// <summary>
/// The figures a report shows, computed from a <see cref="RunData"/>. Everything is data-driven: stages and reasons
/// from the manifest (or the rejects when it has none), scores from whatever <c>judge_*</c> columns exist, clusters
/// from <c>near_dup_cluster</c> when present and from exact-duplicate rejects otherwise.
/// </summary>
public sealed record RunStatistics
{
    public required string RunId { get; init; }

    public required bool Simulated { get; init; }

    public required IReadOnlyList<KindStatistics> Kinds { get; init; }

    /// <summary>Every principle id of the run (constitution first), the rows of every coverage plot.</summary>
    public required IReadOnlyList<string> Principles { get; init; }

    /// <summary>Sizes of duplicate clusters (keeper plus its duplicates), largest first.</summary>
    public required IReadOnlyList<int> DuplicateClusterSizes { get; init; }

    /// <summary>Where the cluster sizes came from: near_dup_cluster, exact duplicates, or none.</summary>
    public required string DuplicateSource { get; init; }

    /// <summary>Every cost figure the manifest carries, as (JSON path, value); empty when it has none.</summary>
    public required IReadOnlyList<(string Path, string Value)> Cost { get; init; }

    public static RunStatistics From(RunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var kinds = run.Kinds.Union(run.Rejects.Select(r => r.Kind).Where(k => k.Length > 0)).Distinct().ToList();
        var (clusters, source) = Clusters(run);
        var principles = run.PrincipleIds();
        return new RunStatistics
        {
            RunId = run.RunId,
            Simulated = run.Simulated,
            Principles = principles,
            Kinds = [.. kinds.Select(k => KindStatistics.From(run, k, principles))],
            DuplicateClusterSizes = clusters,
            DuplicateSource = source,
            Cost = [.. run.Manifest["usage"] is JsonObject usage ? UsageFigures(usage) : CostFigures(run.Manifest)],
        };
    }

    private static (IReadOnlyList<int> Sizes, string Source) Clusters(RunData run)
    {
        // A cluster is its keeper plus every reject that names the keeper: near and semantic duplicates carry it in
        // the "matched" column, exact duplicates in the detail ("same normalised text as <id>").
        const string marker = "as ";
        var members = new Dictionary<string, int>(StringComparer.Ordinal);
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reject in run.Rejects)
        {
            string? keeper = null;
            if (reject.Reason is "near_duplicate" or "semantic_duplicate")
            {
                keeper = reject.Field("matched");
                sources.Add(reject.Reason);
            }
            else if (reject.Reason == "duplicate" && reject.Detail is { } detail && detail.Contains(marker, StringComparison.Ordinal))
            {
                keeper = detail[(detail.LastIndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
                sources.Add("exact duplicates");
            }

            if (!string.IsNullOrEmpty(keeper))
            {
                members[keeper] = members.GetValueOrDefault(keeper) + 1;
            }
        }

        // Rows written with an explicit near_dup_cluster other than their own id join that cluster too.
        foreach (var row in run.Samples)
        {
            if (row.Field(RunRow.ClusterColumn) is { Length: > 0 } cluster && cluster != row.Id)
            {
                members[cluster] = members.GetValueOrDefault(cluster) + 1;
                sources.Add(RunRow.ClusterColumn);
            }
        }

        var sizes = members.Values.Select(n => n + 1).OrderDescending().ToList();
        return (sizes, sizes.Count == 0 ? "none" : string.Join(", ", sources));
    }

    /// <summary>The manifest's usage section (total, then per stage, kind, endpoint and model) as one row per group.</summary>
    private static IEnumerable<(string, string)> UsageFigures(JsonObject usage)
    {
        static string Line(JsonNode? line) =>
            $"cost {line?["cost"]}, {line?["calls"]} calls paid, {line?["replayedCalls"]} replayed (cost {line?["replayedCost"]}), {line?["inputTokens"]} input and {line?["outputTokens"]} output tokens";
        foreach (var (group, node) in usage)
        {
            if (node is JsonObject lines && !lines.ContainsKey("cost"))
            {
                foreach (var (name, line) in lines)
                {
                    yield return ($"{group} / {name}", Line(line));
                }
            }
            else
            {
                yield return (group, Line(node));
            }
        }
    }

    private static IEnumerable<(string, string)> CostFigures(JsonNode? node, string path = "$", bool inCost = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name == "config")
                    {
                        continue;
                    }

                    var isCost = inCost || name.Contains("cost", StringComparison.OrdinalIgnoreCase);
                    foreach (var figure in CostFigures(child, $"{path}.{name}", isCost))
                    {
                        yield return figure;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var figure in CostFigures(array[i], $"{path}[{i}]", inCost))
                    {
                        yield return figure;
                    }
                }

                break;
            case JsonValue value when inCost:
                yield return (path, value.ToString());
                break;
        }
    }
}
