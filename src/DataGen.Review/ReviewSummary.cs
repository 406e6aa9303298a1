namespace DataGen.Review;

/// <summary>A row as the review list shows it.</summary>
public sealed record ReviewSummary
{
    /// <summary>Position in the run (kinds in order, then rejects).</summary>
    public required long Ordinal { get; init; }

    public required string Key { get; init; }

    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required string Principle { get; init; }

    /// <summary><c>kept</c>, or the reject's reason.</summary>
    public required string Status { get; init; }

    public required int Words { get; init; }

    /// <summary>The overall judge score (judge_mean, else the criteria's mean); null when unscored.</summary>
    public double? Mean { get; init; }

    public required string Preview { get; init; }

    public string? Verdict { get; init; }

    /// <summary>True when the current verdict was given on other content than the row now holds: shown, never applied.</summary>
    public bool VerdictStale { get; init; }

    public string? Reviewer { get; init; }

    public string? Note { get; init; }

    public Dictionary<string, double> Scores { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Axes { get; } = new(StringComparer.Ordinal);
}
