namespace DataGen.Scale;

/// <summary>One stage's progress: how many tasks it has, how many are committed, and which are missing.</summary>
public sealed record StageStatus(string Stage, int Tasks, int Done, IReadOnlyList<int> Missing);
