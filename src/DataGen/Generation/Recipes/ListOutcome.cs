namespace DataGen.Generation.Recipes;

/// <summary>A list a plan step built: the distinct items, what they cost, and whether it fell short of its target.</summary>
public sealed record ListOutcome(IReadOnlyList<string> Items, TokenUsage Usage, int Calls, int Rounds, bool FellShort);
