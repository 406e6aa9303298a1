namespace DataGen.Quality.Judging;

/// <summary>A judge's structured verdict on one sample, and the keep decision the code derived from it.</summary>
public sealed record JudgeVerdict
{
    /// <summary>Criterion name to score (1-5), in rubric order.</summary>
    public required IReadOnlyDictionary<string, int> Scores { get; init; }

    public required string Rationale { get; init; }

    /// <summary>Pass/fail gate answers: gate name to null when it passed, or the sentence that failed it.</summary>
    public IReadOnlyDictionary<string, string?> Gates { get; init; } = new Dictionary<string, string?>();

    /// <summary>Id of the constitution section the verdict relied on.</summary>
    public required string Section { get; init; }

    /// <summary>SHA-256 prefix of the rubric template the verdict was given under.</summary>
    public required string RubricHash { get; init; }

    public double Mean => Scores.Count == 0 ? 0 : Scores.Values.Average();

    public int Min => Scores.Count == 0 ? 0 : Scores.Values.Min();
}
