namespace DataGen.Configuration;

/// <summary>Settings of one recipe step, under <c>generation.&lt;kind&gt;.steps.&lt;step&gt;</c>.</summary>
public sealed record StepOptions
{
    /// <summary>Named provider (a key of <c>providers</c>) this step calls; null uses <c>provider</c>.</summary>
    public string? Provider { get; init; }
}
