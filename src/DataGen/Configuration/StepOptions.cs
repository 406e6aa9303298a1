namespace DataGen.Configuration;

/// <summary>Settings of one recipe step, under <c>generation.&lt;kind&gt;.steps.&lt;step&gt;</c>.</summary>
public sealed record StepOptions
{
    /// <summary>Named provider (a key of <c>providers</c>) this step calls; null uses <c>provider</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// The length in words a free-text step's prompt asks for (a draft, a scenario, a response; its rewrite keeps
    /// it); null uses the recipe's default, which <c>datagen plan</c> shows. Not read by list steps (they ask for a
    /// count of items) or by stories' drafts (their length is the drawn <c>length</c> axis).
    /// </summary>
    public int? Words { get; init; }
}
