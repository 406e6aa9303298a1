namespace DataGen.Generation;

/// <summary>The outcome of <see cref="ModelCaller.CallAsync"/>: the last reply, whether it parsed, and the cost.</summary>
public sealed record CallResult
{
    public required ParseResult Parse { get; init; }

    public required string Reply { get; init; }

    public required TokenUsage Usage { get; init; }

    public required int Calls { get; init; }

    public string? FinishReason { get; init; }

    /// <summary>True when a reply came from the simulator (over HTTP, its model name says so).</summary>
    public bool Simulated { get; init; }
}
