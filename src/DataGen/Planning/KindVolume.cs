namespace DataGen.Planning;

/// <summary>One kind's expected volume: samples, and per step calls and tokens.</summary>
public sealed record KindVolume(string Kind, long Samples, IReadOnlyList<StepVolume> Steps)
{
    public long Calls => Steps.Sum(s => s.Calls);

    public long InputTokens => Steps.Sum(s => s.InputTokens);

    public long OutputTokens => Steps.Sum(s => s.OutputTokens);

    /// <summary>Tokens of the final content (the last step's text, without a plan or problem list before it), all samples together.</summary>
    public long ContentTokens { get; init; }
}
