namespace DataGen.Output;

/// <summary>Token usage and cost of a run, in total and per stage, kind, endpoint, model and recipe step.</summary>
public sealed record ManifestUsage
{
    public required ManifestUsageLine Total { get; init; }

    public required IReadOnlyDictionary<string, ManifestUsageLine> ByStage { get; init; }

    public required IReadOnlyDictionary<string, ManifestUsageLine> ByKind { get; init; }

    public required IReadOnlyDictionary<string, ManifestUsageLine> ByEndpoint { get; init; }

    public required IReadOnlyDictionary<string, ManifestUsageLine> ByModel { get; init; }

    /// <summary>
    /// Per <c>kind/step</c> as <c>datagen plan</c> names its lines (<c>documents/draft</c>, <c>stories/judge</c>), so an
    /// estimate can be checked against what the run paid step by step; empty in manifests written before it existed.
    /// </summary>
    public IReadOnlyDictionary<string, ManifestUsageLine> ByStep { get; init; } = new Dictionary<string, ManifestUsageLine>(StringComparer.Ordinal);
}
