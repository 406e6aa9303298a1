using DataGen.Generation;

namespace DataGen.Pipeline.Stages;

/// <summary>What a <see cref="FilterStage"/> decided for one sample: keep it (possibly changed) or drop it with a reason.</summary>
public sealed record StageVerdict
{
    /// <summary>The sample as kept, or as it is recorded in the reject; null means unchanged.</summary>
    public Sample? Sample { get; init; }

    /// <summary>The drop reason; null when kept.</summary>
    public string? Reason { get; init; }

    public string? Detail { get; init; }

    /// <summary>What the sample matched (the keeper of a duplicate cluster, an eval item).</summary>
    public string? Matched { get; init; }

    /// <summary>The prompt the stage judged with, when it is not the sample's own.</summary>
    public string? PromptId { get; init; }

    public bool Kept => Reason is null;

    public static StageVerdict Keep(Sample? changed = null) => new() { Sample = changed };

    public static StageVerdict Drop(string reason, string? detail, string? matched = null, Sample? sample = null, string? promptId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new() { Reason = reason, Detail = detail, Matched = matched, Sample = sample, PromptId = promptId };
    }
}
