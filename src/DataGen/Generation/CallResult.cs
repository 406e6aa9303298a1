using Microsoft.Extensions.AI;

namespace DataGen.Generation;

/// <summary>The outcome of <see cref="ModelCaller.CallAsync(ModelCall, CancellationToken)"/>: the last reply, whether it parsed, and the cost.</summary>
public sealed record CallResult
{
    public required ParseResult Parse { get; init; }

    public required string Reply { get; init; }

    public required TokenUsage Usage { get; init; }

    public required int Calls { get; init; }

    /// <summary>The last call's finish reason; <c>length</c> also when the reply used the whole token budget.</summary>
    public string? FinishReason { get; init; }

    /// <summary>True when a reply came from the simulator (over HTTP, its model name says so).</summary>
    public bool Simulated { get; init; }

    /// <summary>The model that answered, as the provider reported it (a routed step's own model); null when it named none.</summary>
    public string? Model { get; init; }

    /// <summary>The model's stated reason when it took the <c>UNSUITABLE</c> escape; null otherwise.</summary>
    public string? Unsuitable { get; init; }

    /// <summary>The messages sent plus the last reply, so a later step can continue the conversation.</summary>
    public IReadOnlyList<ChatMessage> Conversation { get; init; } = [];
}
