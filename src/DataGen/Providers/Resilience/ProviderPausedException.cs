namespace DataGen.Providers.Resilience;

/// <summary>Every endpoint has been rate-limited for longer than <c>resilience.maxRateLimitedSeconds</c>: the run pauses.</summary>
public sealed class ProviderPausedException : Exception
{
    public ProviderPausedException()
    {
    }

    public ProviderPausedException(string message)
        : base(message)
    {
    }

    public ProviderPausedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
