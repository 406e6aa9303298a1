namespace DataGen.Planning;

/// <summary>One recipe step's (or the judge's) estimate: calls, tokens and cost, at the routed provider's model.</summary>
public sealed record DryRunLine(string Kind, string Step, long Calls, long InputTokens, long OutputTokens, decimal Cost)
{
    /// <summary>Provider block the calls go to: <c>default</c> or a key of <c>providers</c>.</summary>
    public string Provider { get; init; } = "default";

    /// <summary>Model the calls ask for.</summary>
    public string Model { get; init; } = string.Empty;
}
