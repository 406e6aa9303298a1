namespace DataGen.Planning;

/// <summary>One recipe step's estimate: calls, tokens and cost.</summary>
public sealed record DryRunLine(string Kind, string Step, long Calls, long InputTokens, long OutputTokens, decimal Cost);
