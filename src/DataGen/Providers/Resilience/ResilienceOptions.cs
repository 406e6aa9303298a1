using DataGen.Configuration;

namespace DataGen.Providers.Resilience;

/// <summary>Retry and timeout settings of the resilience pipeline around every provider.</summary>
public sealed record ResilienceOptions
{
    /// <summary>Retries after the first attempt for transient faults.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Base delay of the exponential backoff (jittered).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single wait, Retry-After included.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public static ResilienceOptions From(ProviderOptions provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new ResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(provider.TimeoutSeconds), MaxRetries = provider.MaxRetries };
    }
}
