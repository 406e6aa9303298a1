namespace DataGen.Review;

/// <summary>A filter over a run's samples, as the review page sends it. Null fields do not filter.</summary>
public sealed record ReviewQuery
{
    public string? Kind { get; init; }

    public string? Principle { get; init; }

    /// <summary><c>axis=value</c>.</summary>
    public string? Axis { get; init; }

    /// <summary><c>kept</c> for kept rows, <c>rejected</c> for all pipeline rejects, or one reject reason.</summary>
    public string? Status { get; init; }

    /// <summary><c>unreviewed</c>, or a verdict value.</summary>
    public string? Verdict { get; init; }

    public string? ScoreColumn { get; init; }

    public double? MinScore { get; init; }

    public double? MaxScore { get; init; }
}
