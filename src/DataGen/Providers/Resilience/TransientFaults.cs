using System.ClientModel;
using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DataGen.Providers.Resilience;

/// <summary>
/// Decides which provider failures are worth retrying: timeouts, connection faults, bodies cut off, an open
/// circuit, 408, 429 and 5xx. Client errors
/// (bad key, bad request) are not: retrying them only burns budget.
/// </summary>
public static class TransientFaults
{
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            TimeoutRejectedException => true,
            BrokenCircuitException => true,
            // The response envelope could not be read (a body cut off mid-JSON): a transport fault, not a bad reply.
            System.Text.Json.JsonException => true,
            HttpRequestException http => http.StatusCode is null || IsTransientStatus((int)http.StatusCode.Value),
            ClientResultException result => result.Status == 0 || IsTransientStatus(result.Status),
            Anthropic.Exceptions.AnthropicApiException anthropic => IsTransientStatus((int)anthropic.StatusCode),
            Anthropic.Exceptions.AnthropicIOException => true,
            IOException => true,
            _ when exception.InnerException is { } inner => IsTransient(inner),
            _ => false,
        };
    }

    /// <summary>The HTTP status of a provider exception, where the SDK exposes one.</summary>
    public static int? StatusOf(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: { } code } => (int)code,
        ClientResultException result when result.Status != 0 => result.Status,
        Anthropic.Exceptions.AnthropicApiException api => (int)api.StatusCode,
        _ when exception.InnerException is { } inner => StatusOf(inner),
        _ => null,
    };

    public static bool IsTransientStatus(int status) =>
        status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;
}
