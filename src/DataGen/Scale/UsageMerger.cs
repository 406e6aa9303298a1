using DataGen.Output;

namespace DataGen.Scale;

/// <summary>Sums the usage of several tasks into one manifest usage section.</summary>
public static class UsageMerger
{
    public static ManifestUsage Merge(IEnumerable<ManifestUsage?> parts)
    {
        var list = parts.OfType<ManifestUsage>().ToList();
        return new ManifestUsage
        {
            Total = Sum(list.Select(p => p.Total)),
            ByStage = MergeMaps(list.Select(p => p.ByStage)),
            ByKind = MergeMaps(list.Select(p => p.ByKind)),
            ByEndpoint = MergeMaps(list.Select(p => p.ByEndpoint)),
            ByModel = MergeMaps(list.Select(p => p.ByModel)),
            ByStep = MergeMaps(list.Select(p => p.ByStep)),
        };
    }

    private static SortedDictionary<string, ManifestUsageLine> MergeMaps(IEnumerable<IReadOnlyDictionary<string, ManifestUsageLine>> maps) =>
        new(maps.SelectMany(m => m).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Sum(g.Select(p => p.Value)), StringComparer.Ordinal), StringComparer.Ordinal);

    private static ManifestUsageLine Sum(IEnumerable<ManifestUsageLine> lines)
    {
        var all = lines.ToList();
        return new ManifestUsageLine
        {
            Calls = all.Sum(l => l.Calls),
            ReplayedCalls = all.Sum(l => l.ReplayedCalls),
            BatchCalls = all.Sum(l => l.BatchCalls),
            InputTokens = all.Sum(l => l.InputTokens),
            OutputTokens = all.Sum(l => l.OutputTokens),
            CachedInputTokens = all.Sum(l => l.CachedInputTokens),
            CacheWriteInputTokens = all.Sum(l => l.CacheWriteInputTokens),
            Cost = all.Sum(l => l.Cost),
            ReplayedCost = all.Sum(l => l.ReplayedCost),
        };
    }
}
