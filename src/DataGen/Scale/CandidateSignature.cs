namespace DataGen.Scale;

/// <summary>
/// What the dedupe reduce needs of a candidate row, written by the generate shards: the normalised-text hash for
/// exact dedupe, and room for a MinHash signature so near-duplicate clustering can plug in without a new file format.
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
