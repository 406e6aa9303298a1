namespace DataGen.Scale;

/// <summary>A candidate the dedupe reduce drops, and the id that keeps its cluster (the smallest id in it).</summary>
public sealed record DuplicateDrop(string Id, string Kind, string KeptId, string Reason);
