namespace DataGen.Scale;

/// <summary>
/// <c>_work/run.json</c>: fixed by the plan stage and never changed. Every task checks its own config against these
/// hashes and refuses to mix results of a different config into the folder.
/// </summary>
public sealed record RunDescriptor
{
    /// <summary>Run id stamped into every row of the run.</summary>
    public required string RunId { get; init; }

    /// <summary>Shard count S: an item's shard is <c>XxHash64(id) mod S</c>.</summary>
    public required int Shards { get; init; }

    /// <summary>Hash of the resolved config (output folder excluded), the <c>--limit</c> and the run seed.</summary>
    public required string ConfigSha256 { get; init; }

    public required string PromptsSha256 { get; init; }

    public required string ConstitutionSha256 { get; init; }

    /// <summary>SHA-256 over the eval items loaded for decontamination (id, source, text); the hash of no items when it is off.</summary>
    public required string EvalSetsSha256 { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
