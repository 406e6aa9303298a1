using System.Globalization;

namespace DataGen.Providers.Resilience;

/// <summary>
/// Reads <c>Retry-After</c> (and <c>retry-after-ms</c>) from Anthropic's HTTP responses below the SDK, whose exceptions
/// do not carry response headers: a transient status (429, 5xx, 529 overloaded) that names a wait becomes a
/// <see cref="ProviderHttpException"/> with that wait, which the resilience pipeline honours as it does OpenAI's.
/// Responses without a wait pass to the SDK unchanged. The SDK's own retries are off, so nothing retries twice.
/// </summary>
public sealed class AnthropicRetryAfterHandler : DelegatingHandler
{
    private readonly TimeProvider _time;

    public AnthropicRetryAfterHandler(HttpMessageHandler inner, TimeProvider? time = null)
        : base(inner)
    {
        _time = time ?? TimeProvider.System;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (!TransientFaults.IsTransientStatus(status) || Wait(response) is not { } wait)
        {
            return response;
        }

        response.Dispose();
        throw new ProviderHttpException(status, wait, string.Create(CultureInfo.InvariantCulture,
            $"anthropic: HTTP {status}, Retry-After {wait.TotalSeconds:0.###} s"));
    }

    private TimeSpan? Wait(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return response.Headers.TryGetValues("Retry-After", out var values) ? RetryAfterHint.Parse(values.FirstOrDefault(), _time) : null;
    }
}
