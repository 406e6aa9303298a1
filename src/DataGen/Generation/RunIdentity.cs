namespace DataGen.Generation;

/// <summary>Which provider and model a run uses, and whether the output is simulated: stamped on every row.</summary>
public sealed record RunIdentity(string RunId, string Provider, string Model, bool Simulated);
