namespace DataGen.Generation.Recipes;

/// <summary>A list a plan step built: the distinct items, the rounds it took, and whether it fell short of its target (tokens: the usage ledger).</summary>
public sealed record ListOutcome(IReadOnlyList<string> Items, int Rounds, bool FellShort);
