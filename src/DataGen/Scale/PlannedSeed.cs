namespace DataGen.Scale;

/// <summary>One work item of the plan (a seed, serialised): shard tasks read these instead of planning again.</summary>
public sealed record PlannedSeed
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required int Index { get; init; }

    public required string PrincipleId { get; init; }

    public required IReadOnlyDictionary<string, string> Axes { get; init; }
}
