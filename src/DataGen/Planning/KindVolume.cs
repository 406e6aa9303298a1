namespace DataGen.Planning;

/// <summary>One kind's expected volume: samples, and per step calls and tokens.</summary>
public sealed record KindVolume(string Kind, long Samples, IReadOnlyList<StepVolume> Steps)
{
    public long Calls => Steps.Sum(s => s.Calls);

    public long InputTokens => Steps.Sum(s => s.InputTokens);

    public long OutputTokens => Steps.Sum(s => s.OutputTokens);
}
