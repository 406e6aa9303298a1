namespace DataGen.Generation;

/// <summary>Tokens a call or a sample used, as the provider reported them (0 where it reported nothing).</summary>
public readonly record struct TokenUsage(long Input, long Output)
{
    public static TokenUsage operator +(TokenUsage a, TokenUsage b) => new(a.Input + b.Input, a.Output + b.Output);

    public static TokenUsage Add(TokenUsage a, TokenUsage b) => a + b;
}
