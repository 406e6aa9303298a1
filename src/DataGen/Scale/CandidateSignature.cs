namespace DataGen.Scale;

/// <summary>
/// A candidate's dedupe signature, written by each generate shard (<c>signatures.jsonl</c>): the normalised-text hash
/// for exact dedupe, and room for a MinHash signature. The dedupe reduce currently recomputes both from the candidates'
/// text with the #5 stages (so single-process and sharded runs share one implementation); at very large scale the
/// reduce can read these instead of the texts, computing MinHash in the shards.
/// </summary>
public sealed record CandidateSignature
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    /// <summary>XxHash128 of the normalised content, hex.</summary>
    public required string Exact { get; init; }

    /// <summary>MinHash signature for near-duplicate clustering; null while near-dup dedupe is not configured.</summary>
    public IReadOnlyList<ulong>? MinHash { get; init; }
}
