using DataGen.Quality.Judging;

namespace DataGen.Quality;

/// <summary>What the quality stages recorded on a sample, carried to its row.</summary>
public sealed record QualityAnnotations
{
    public static QualityAnnotations None { get; } = new();

    /// <summary>Id of the near-duplicate cluster the sample heads (its own id when it was kept by near-dup dedupe).</summary>
    public string? NearDupCluster { get; init; }

    /// <summary>The judge's verdict, when the judge ran.</summary>
    public JudgeVerdict? Verdict { get; init; }

    /// <summary>True when critique-and-revise rewrote the content.</summary>
    public bool Revised { get; init; }

    /// <summary>Reserved eval names replaced in the content, as "Alex→Rowan".</summary>
    public IReadOnlyList<string> ReplacedNames { get; init; } = [];
}
