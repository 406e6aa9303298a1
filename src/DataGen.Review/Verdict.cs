using DataGen.Output.Reading;

namespace DataGen.Review;

/// <summary>One reviewer's judgement of one sample at one time. The store keeps every one; the latest per sample counts.</summary>
public sealed record Verdict
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Flagged = "flagged";

    /// <summary>The values a verdict may take.</summary>
    public static IReadOnlyList<string> Values { get; } = [Accepted, Rejected, Flagged];

    /// <summary>Insertion order in the store; the highest per sample is the current verdict.</summary>
    public long Sequence { get; init; }

    public required string SampleId { get; init; }

    public required string Kind { get; init; }

    /// <summary>accepted, rejected or flagged.</summary>
    public required string Value { get; init; }

    public string? Note { get; init; }

    public required string Reviewer { get; init; }

    /// <summary>
    /// <see cref="DataGen.Output.Reading.RunRow.ContentHash"/> of the text the reviewer judged; null for verdicts recorded
    /// before hashes were kept. A verdict applies only while the row's content still has this hash.
    /// </summary>
    public string? ContentHash { get; init; }

    /// <summary>True when the verdict was given on other content than <paramref name="currentHash"/> (or on unknown content).</summary>
    public bool IsStaleFor(string currentHash) => !string.Equals(ContentHash, currentHash, StringComparison.Ordinal);

    public required DateTimeOffset CreatedAt { get; init; }
}
