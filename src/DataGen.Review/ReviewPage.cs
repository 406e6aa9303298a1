namespace DataGen.Review;

/// <summary>One page of a <see cref="ReviewQuery"/>: the rows shown and how many match.</summary>
public sealed record ReviewPage
{
    /// <summary>Rows in the run (samples and rejects).</summary>
    public required long Total { get; init; }

    /// <summary>Rows matching the filter (or in the calibration sample).</summary>
    public required long Matched { get; init; }

    public required IReadOnlyList<ReviewSummary> Samples { get; init; }
}
