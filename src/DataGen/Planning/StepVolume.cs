namespace DataGen.Planning;

/// <summary>Expected model calls and tokens of one recipe step for a given number of samples. Plain figures, no prices.</summary>
public sealed record StepVolume(string Step, bool Enabled, bool Plan, long Calls, long InputTokens, long OutputTokens);
