namespace DataGen.Providers.Resilience;

/// <summary>An HTTP failure with its status and any <c>Retry-After</c>, for clients whose SDK hides headers (and the in-process simulator).</summary>
public sealed class ProviderHttpException : HttpRequestException
{
    public ProviderHttpException(int status, TimeSpan? retryAfter, string message)
        : base(message, null, (System.Net.HttpStatusCode)status)
    {
        RetryAfter = retryAfter;
    }

    public ProviderHttpException()
    {
    }

    public ProviderHttpException(string message)
        : base(message)
    {
    }

    public ProviderHttpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan? RetryAfter { get; }
}
