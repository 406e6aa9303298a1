using DataGen.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace DataGen.Providers.Resilience;

/// <summary>
/// The one place retries happen for every provider: a Polly pipeline with a total time budget per call and retries
/// with exponential backoff and full jitter on transient faults; a <c>Retry-After</c> sent with 429 or 503 replaces
/// the backoff. Each attempt goes to the least-loaded endpoint whose circuit is closed, so a failing replica is routed
/// around. When every endpoint has answered only 429s for longer than the configured bound, calls fail with
/// <see cref="ProviderPausedException"/> and the run pauses. Cancellation by the caller is never retried.
/// </summary>
public sealed class ResilientChatClient : IChatClient
{
    private readonly IReadOnlyList<EndpointChatClient> _endpoints;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _maxRateLimited;
    private readonly SemaphoreSlim? _calls;
    private int _next;

    public ResilientChatClient(IReadOnlyList<EndpointChatClient> endpoints, ProviderOptions provider, ResilienceOptions resilience, ILogger<ResilientChatClient> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(resilience);
        ArgumentOutOfRangeException.ThrowIfZero(endpoints.Count);
        _endpoints = endpoints;
        _maxRateLimited = TimeSpan.FromSeconds(resilience.MaxRateLimitedSeconds);
        // provider.concurrency is the ceiling of calls in flight across all endpoints; the stages keep a few more
        // samples in progress than that, so a slot freed here is taken at once. Held per attempt, not during backoff.
        // With one endpoint its own adaptive limit (never above the ceiling) is that gate, and a second one would only
        // add a hand-off through the thread pool to every call.
        _calls = endpoints.Count > 1 ? new SemaphoreSlim(provider.Concurrency, provider.Concurrency) : null;
        var maxDelay = TimeSpan.FromSeconds(resilience.MaxDelaySeconds);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(provider.TotalTimeoutSeconds) });
        if (provider.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = provider.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(resilience.BaseDelayMs),
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && TransientFaults.IsTransient(ex)),
                DelayGenerator = args =>
                {
                    var hint = args.Outcome.Exception switch
                    {
                        BrokenCircuitException broken => broken.RetryAfter,
                        { } ex => RetryAfterHint.From(ex, time),
                        _ => null,
                    };
                    return ValueTask.FromResult(hint is { } h ? (TimeSpan?)(h > maxDelay ? maxDelay : h) : null);
                },
                OnRetry = args =>
                {
                    logger.LogDebug("Transient provider fault (status {Status}), retry {Attempt} in {Delay}: {Reason}",
                        args.Outcome.Exception is { } e ? TransientFaults.StatusOf(e) : null, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>The endpoints, for per-endpoint figures.</summary>
    public IReadOnlyList<EndpointChatClient> Endpoints => _endpoints;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return _pipeline.ExecuteAsync(
            static async (state, ct) =>
            {
                if (state.Self._calls is not { } calls)
                {
                    return await state.Self.Pick().GetResponseAsync(state.List, state.Options, ct);
                }

                await calls.WaitAsync(ct);
                try
                {
                    return await state.Self.Pick().GetResponseAsync(state.List, state.Options, ct);
                }
                finally
                {
                    calls.Release();
                }
            },
            (Self: this, List: list, Options: options),
            cancellationToken).AsTask();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Generation uses whole responses; streaming goes through the same retries by buffering.
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _endpoints[0].GetService(serviceType, serviceKey);
    }

    public void Dispose()
    {
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }

        _calls?.Dispose();
    }

    private EndpointChatClient Pick()
    {
        if (_endpoints.All(e => e.RateLimitedFor > _maxRateLimited))
        {
            throw new ProviderPausedException(
                $"every endpoint has answered only 429 Too Many Requests for over {_maxRateLimited.TotalSeconds:0} s (resilience.maxRateLimitedSeconds); pausing the run: completed calls are stored, run again later to resume");
        }

        if (_endpoints.Count == 1)
        {
            return _endpoints[0];
        }

        // Round-robin start so ties spread; closed circuits first, then endpoints not rate-limited, then least loaded.
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_endpoints.Count);
        EndpointChatClient? best = null;
        var bestScore = double.MaxValue;
        for (var i = 0; i < _endpoints.Count; i++)
        {
            var endpoint = _endpoints[(start + i) % _endpoints.Count];
            var score = (endpoint.IsOpen ? 4 : 0) + (endpoint.RateLimitedFor > TimeSpan.Zero ? 2 : 0) + endpoint.Load;
            if (score < bestScore)
            {
                best = endpoint;
                bestScore = score;
            }
        }

        return best!;
    }
}
