using DataGen.Seeds;

namespace DataGen.Generation;

/// <summary>A seed or sample that was dropped, with the stage that dropped it and why. Written to <c>rejects/</c>.</summary>
public sealed record Rejection
{
    public required Seed Seed { get; init; }

    /// <summary>Stage that dropped it: generate, dedupe_exact, ...</summary>
    public required string Stage { get; init; }

    /// <summary>Machine-readable reason: unparseable, error, duplicate, ...</summary>
    public required string Reason { get; init; }

    /// <summary>Human-readable detail (the parse error, the keeper's id, ...).</summary>
    public string? Detail { get; init; }

    /// <summary>The sample as generated, when there was one.</summary>
    public Sample? Sample { get; init; }

    /// <summary>The raw reply that failed, when there was no sample.</summary>
    public string? RawReply { get; init; }

    public string? PromptId { get; init; }

    /// <summary>What it matched: the kept duplicate's id, or the eval item it overlaps.</summary>
    public string? Matched { get; init; }

    public TokenUsage Usage { get; init; }

    /// <summary>Model calls made for it before it was dropped, re-asks included (a sample's own count when there is one).</summary>
    public int Calls { get; init; }

    /// <summary>
    /// When there is no sample: what the recipe steps that ran left behind (scenario, pre-rewrite texts, critiques, ...),
    /// so a reject carries the same provenance columns as a kept row.
    /// </summary>
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    /// <summary>When there is no sample: step name to template id for the steps that ran, the failing step included.</summary>
    public IReadOnlyDictionary<string, string> StepPromptIds { get; init; } = new Dictionary<string, string>();

    /// <summary>Step name to the model that answered it (routing puts different models on different steps).</summary>
    public IReadOnlyDictionary<string, string> StepModels { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A generated sample dropped by a stage: it keeps the sample, its prompt id (unless the stage names its own) and its usage.</summary>
    public static Rejection Of(Sample sample, string stage, string reason, string? detail, DateTimeOffset createdAt, string? matched = null, string? promptId = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new Rejection
        {
            Seed = sample.Seed,
            Stage = stage,
            Reason = reason,
            Detail = detail,
            Matched = matched,
            Sample = sample,
            PromptId = promptId ?? sample.PromptId,
            Usage = sample.Usage,
            Calls = sample.Calls,
            CreatedAt = createdAt,
        };
    }
}
