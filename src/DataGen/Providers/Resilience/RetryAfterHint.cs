using System.ClientModel;
using System.Globalization;

namespace DataGen.Providers.Resilience;

/// <summary>Reads how long a provider asked us to wait (<c>Retry-After</c>, <c>retry-after-ms</c>) from its exception.</summary>
public static class RetryAfterHint
{
    public static TimeSpan? From(Exception exception, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(time);
        switch (exception)
        {
            case ProviderHttpException http:
                return http.RetryAfter;
            case ClientResultException result when result.GetRawResponse() is { } response:
                if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
                {
                    return TimeSpan.FromMilliseconds(millis);
                }

                return response.Headers.TryGetValue("Retry-After", out var value) ? Parse(value, time) : null;
            default:
                return exception.InnerException is { } inner ? From(inner, time) : null;
        }
    }

    /// <summary>Parses delta-seconds (fractions accepted) or an HTTP date.</summary>
    public static TimeSpan? Parse(string? value, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds < 0 ? null : TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date - time.GetUtcNow() is var delta && delta > TimeSpan.Zero ? delta : TimeSpan.Zero)
            : null;
    }
}
