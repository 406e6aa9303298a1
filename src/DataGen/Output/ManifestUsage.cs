namespace DataGen.Output;

/// <summary>Token usage and cost of a run, in total and per stage, kind, endpoint and model.</summary>
public sealed record ManifestUsage
{
    public required ManifestUsageLine Total { get; init; }

    public required IReadOnlyDictionary<string, ManifestUsageLine> ByStage { get; init; }

    public required IReadOnlyDictionary<string, ManifestUsageLine> ByKind { get; init; }

    public required IReadOnlyDictionary<string, ManifestUsageLine> ByEndpoint { get; init; }

    public required IReadOnlyDictionary<string, ManifestUsageLine> ByModel { get; init; }
}
