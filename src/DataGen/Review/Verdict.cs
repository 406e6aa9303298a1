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

    public required DateTimeOffset CreatedAt { get; init; }
}
