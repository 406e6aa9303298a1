using DataGen.Seeds;

namespace DataGen.Generation;

/// <summary>A generated sample on its way to the checks and the writer: either prose or a chat, never both.</summary>
public sealed record Sample
{
    /// <summary>The seed's id: stable across runs of the same config.</summary>
    public string Id => Seed.Id;

    public DataKind Kind => Seed.Kind;

    public required Seed Seed { get; init; }

    /// <summary>Id of the template that produced the final content (path plus content hash).</summary>
    public required string PromptId { get; init; }

    public required string Provider { get; init; }

    public required string Model { get; init; }

    /// <summary>True when the offline simulator produced it.</summary>
    public required bool Simulated { get; init; }

    /// <summary>Prose, for documents and stories.</summary>
    public string? Text { get; init; }

    /// <summary>Turns, for advice chats.</summary>
    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    public required TokenUsage Usage { get; init; }

    /// <summary>Model calls made for this sample, re-asks included.</summary>
    public required int Calls { get; init; }

    /// <summary>The last call's finish reason as the provider named it (stop, length, content_filter, ...).</summary>
    public string? FinishReason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>What each recipe step left behind (scenario, pre-rewrite text, injection id, ...): column name to value.</summary>
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    /// <summary>Step name to the id of the template it ran, for the steps that ran.</summary>
    public IReadOnlyDictionary<string, string> StepPromptIds { get; init; } = new Dictionary<string, string>();

    /// <summary>Step name to the model that answered it (routing puts different models on different steps).</summary>
    public IReadOnlyDictionary<string, string> StepModels { get; init; } = new Dictionary<string, string>();

    /// <summary>The ablation switches in force when it was generated.</summary>
    public IReadOnlyDictionary<string, string> Ablations { get; init; } = new Dictionary<string, string>();

    /// <summary>What the quality stages recorded: near-duplicate cluster, judge verdict, revision.</summary>
    public Quality.QualityAnnotations Quality { get; init; } = DataGen.Quality.QualityAnnotations.None;

    /// <summary>The text the checks and dedupe look at: the prose, or the turns joined.</summary>
    public string Content => Text ?? string.Join("\n\n", (Messages ?? []).Select(m => m.Content));
}
