using DataGen.Providers.Resilience;
using Microsoft.Extensions.AI;

namespace DataGen.Providers;

/// <summary>
/// Sits right around a provider's SDK client: an exception whose message (or any inner one) carries a configured key
/// is replaced by one with the key redacted and the same status, <c>Retry-After</c> and transient class, so the
/// resilience pipeline decides as before and no reject, manifest or log ever sees the key.
/// </summary>
public sealed class RedactingChatClient(IChatClient inner, SecretRedactor redactor) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex) when (redactor.Leaks(ex.ToString()))
        {
            // Why catch everything: whatever the SDK threw, its text must not leave this client with the key in it.
            throw Redacted(ex, redactor);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Buffered, like the resilience layer above it, so a failure can be redacted before anything is yielded.
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>The exception to throw instead of <paramref name="exception"/>: its messages redacted, status and transient class kept.</summary>
    public static Exception Redacted(Exception exception, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(redactor);
        var message = redactor.Redact(string.Join(" ", Chain(exception).Select(e => e.Message).Distinct(StringComparer.Ordinal)));
        if (TransientFaults.StatusOf(exception) is { } status)
        {
            return new ProviderHttpException(status, RetryAfterHint.From(exception, TimeProvider.System), message);
        }

        return TransientFaults.IsTransient(exception) ? new IOException(message) : new InvalidOperationException(message);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
