namespace DataGen.Planning;

/// <summary>
/// Expected model calls and tokens of one recipe step (or the judge) for a given number of samples, and the provider
/// block (<c>default</c> or a key of <c>providers</c>) and model its calls are routed to. Plain figures, no prices.
/// </summary>
public sealed record StepVolume(string Step, bool Enabled, bool Plan, long Calls, long InputTokens, long OutputTokens, string Provider = "default", string Model = "");
