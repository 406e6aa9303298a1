namespace DataGen.Generation;

/// <summary>
/// Which recipe step a model call belongs to, visible to <see cref="Microsoft.Extensions.AI.IChatClient"/> middleware
/// (logging, counting) for the duration of the call. Ambient like <c>Activity.Current</c> because the step is
/// diagnostics, not part of the request: nothing of it is sent to a provider.
/// </summary>
public static class ModelCallContext
{
    private static readonly AsyncLocal<string?> CurrentStep = new();

    /// <summary><c>kind/step</c> of the call in flight on this async flow, or null outside a recipe.</summary>
    public static string? Step
    {
        get => CurrentStep.Value;
        internal set => CurrentStep.Value = value;
    }
}
