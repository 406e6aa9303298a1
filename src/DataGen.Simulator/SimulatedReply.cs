namespace DataGen.Simulator;

/// <summary>What the simulator answered, and which flaw (if any) it planted on purpose.</summary>
public sealed record SimulatedReply
{
    public required string Text { get; init; }

    /// <summary>stop, or length for a planted truncation.</summary>
    public required string FinishReason { get; init; }

    public required int InputTokens { get; init; }

    public required int OutputTokens { get; init; }

    /// <summary>null for a clean reply; duplicate, truncated, repetitive, refusal or malformed otherwise.</summary>
    public string? Flaw { get; init; }
}
