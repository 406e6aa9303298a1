namespace DataGen.Review;

/// <summary>A filter, sort and page over a run's samples, as the review page sends it. Null fields do not filter.</summary>
public sealed record ReviewQuery
{
    public const int MaxLimit = 500;

    public string? Kind { get; init; }

    public string? Principle { get; init; }

    /// <summary><c>axis=value</c>.</summary>
    public string? Axis { get; init; }

    /// <summary><c>kept</c> for kept rows, <c>rejected</c> for all pipeline rejects, or one reject reason.</summary>
    public string? Status { get; init; }

    /// <summary><c>unreviewed</c>, <c>stale</c> (a verdict on other content), or a verdict value (current verdicts only).</summary>
    public string? Verdict { get; init; }

    public string? ScoreColumn { get; init; }

    public double? MinScore { get; init; }

    public double? MaxScore { get; init; }

    /// <summary>Substring of the id, principle or the text's opening.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// <c>id</c> (run order, the default), <c>mean</c> (overall judge score), <c>words</c>, <c>kind</c>,
    /// <c>principle</c>, <c>verdict</c>, <c>score:&lt;column&gt;</c> or <c>axis:&lt;name&gt;</c>.
    /// </summary>
    public string? Sort { get; init; }

    public bool Descending { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = 100;

    /// <summary>
    /// When set, only a stratified calibration sample of about this many rows: the same number from every
    /// (kind, judge-score band) stratum of the filtered rows, picked by content hash so the pick is stable.
    /// </summary>
    public int? Calibration { get; init; }
}
