using DataGen.Concurrency;
using DataGen.Configuration;
using DataGen.Store;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DataGen.Providers.Resilience;

/// <summary>
/// One endpoint of the provider's model with its own guards, applied per attempt: an adaptive concurrency limit
/// (AIMD on 429, see <see cref="AdaptiveConcurrencyLimit"/>), client-side requests- and tokens-per-minute buckets, a circuit breaker and the attempt timeout.
/// Retries are not here: <see cref="ResilientChatClient"/> retries across endpoints. A call that waits longer than the
/// attempt timeout for a slot is counted and logged; one that waits past <c>resilience.maxSlotWaitSeconds</c> throws
/// <see cref="ProviderPausedException"/>, so a stalled endpoint pauses the run instead of draining samples into
/// <c>error</c>.
/// </summary>
public sealed class EndpointChatClient : DelegatingChatClient
{
    private readonly AdaptiveConcurrencyLimit _gate;
    private readonly TokenBucket? _requests;
    private readonly TokenBucket? _tokens;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _slotPatience;
    private readonly TimeSpan _maxSlotWait;
    private long _attempts;
    private long _slotWaits;
    private long _succeeded;
    private long _failed;
    private long _rateLimited;
    private long _latencyTicks;
    private long _breakerOpened;
    private long _rateLimitedSince = -1;
    private int _open;
    private long _nextAttempt;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, long> _inFlight = new();

    public EndpointChatClient(IChatClient inner, string name, ProviderOptions provider, ResilienceOptions resilience, int? requestsPerMinute, int? tokensPerMinute, ILogger logger, TimeProvider time)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(resilience);
        Name = name;
        _time = time;
        _logger = logger;
        _gate = new AdaptiveConcurrencyLimit(provider.Concurrency, resilience.AdaptiveConcurrency, resilience.MinConcurrency, time)
        {
            DecreaseWindow = TimeSpan.FromSeconds(resilience.DecreaseWindowSeconds),
        };
        _slotPatience = TimeSpan.FromSeconds(provider.TimeoutSeconds);
        _maxSlotWait = TimeSpan.FromSeconds(resilience.MaxSlotWaitSeconds);
        _requests = requestsPerMinute is { } rpm ? new TokenBucket(rpm, time) : null;
        _tokens = tokensPerMinute is { } tpm ? new TokenBucket(tpm, time) : null;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = resilience.BreakerFailureRatio,
                MinimumThroughput = resilience.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(resilience.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(resilience.BreakerBreakSeconds),
                // A 429 is the provider pacing us, not a failing replica: the adaptive limit and the rate-limited pause
                // answer it, so it never opens the breaker (a burst of 429s would otherwise shut the only endpoint).
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && TransientFaults.IsTransient(ex) && TransientFaults.StatusOf(ex) != 429),
                OnOpened = args =>
                {
                    Interlocked.Increment(ref _breakerOpened);
                    Volatile.Write(ref _open, 1);
                    logger.LogWarning("Endpoint {Endpoint} circuit opened for {Delay}: routing calls to the others", Name, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Volatile.Write(ref _open, 0);
                    logger.LogInformation("Endpoint {Endpoint} circuit closed", Name);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    Volatile.Write(ref _open, 0);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(provider.TimeoutSeconds) })
            .Build();
    }

    public string Name { get; }

    /// <summary>True while the circuit breaker routes calls away from this endpoint.</summary>
    public bool IsOpen => Volatile.Read(ref _open) == 1;

    /// <summary>Current load as a share of the current concurrency limit.</summary>
    public double Load => (double)_gate.InFlight / Math.Max(1, _gate.Limit);

    /// <summary>How long this endpoint has answered only 429s (zero when its last answer was not a 429).</summary>
    public TimeSpan RateLimitedFor
    {
        get
        {
            var since = Interlocked.Read(ref _rateLimitedSince);
            return since < 0 ? TimeSpan.Zero : _time.GetElapsedTime(since);
        }
    }

    /// <summary>Mean latency of the attempts that succeeded so far; null before the first.</summary>
    public TimeSpan? MeanLatency
    {
        get
        {
            var succeeded = Interlocked.Read(ref _succeeded);
            return succeeded == 0 ? null : TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks) / succeeded);
        }
    }

    /// <summary>How long each attempt now waiting on the endpoint's answer has been in flight (slot and rate waits excluded).</summary>
    public IReadOnlyList<TimeSpan> InFlightAges() => [.. _inFlight.Values.Select(started => _time.GetElapsedTime(started))];

    public EndpointStats Stats()
    {
        var succeeded = Interlocked.Read(ref _succeeded);
        return new EndpointStats
        {
            Name = Name,
            Attempts = Interlocked.Read(ref _attempts),
            Succeeded = succeeded,
            Failed = Interlocked.Read(ref _failed),
            RateLimited = Interlocked.Read(ref _rateLimited),
            MeanLatencyMs = succeeded == 0 ? 0 : Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks)).TotalMilliseconds / succeeded, 1),
            ConcurrencyLimit = _gate.Limit,
            LowestConcurrencyLimit = _gate.Lowest,
            ConcurrencyDecreases = _gate.Decreases,
            SlotWaitsOverTimeout = Interlocked.Read(ref _slotWaits),
            BreakerOpened = Interlocked.Read(ref _breakerOpened),
        };
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        using var slot = await AcquireSlotAsync(cancellationToken);
        if (_requests is not null)
        {
            await _requests.TakeAsync(1, cancellationToken);
        }

        if (_tokens is not null)
        {
            // Estimate before the call: ~4 characters a token in, the whole output budget out.
            await _tokens.TakeAsync(((double)list.Sum(m => m.Text?.Length ?? 0) / Costs.TokenEstimate.CharsPerToken) + (options?.MaxOutputTokens ?? 0), cancellationToken);
        }

        Interlocked.Increment(ref _attempts);
        var started = _time.GetTimestamp();
        var attempt = Interlocked.Increment(ref _nextAttempt);
        _inFlight[attempt] = started;
        try
        {
            var response = await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.Inner.GetResponseAsync(state.List, state.Options, ct),
                (Inner: InnerClient, List: list, Options: options),
                cancellationToken);
            Interlocked.Increment(ref _succeeded);
            Interlocked.Add(ref _latencyTicks, _time.GetElapsedTime(started).Ticks);
            Interlocked.Exchange(ref _rateLimitedSince, -1);
            _gate.OnSuccess();
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[RecordingChatClient.EndpointKey] = Name;
            return response;
        }
        catch (Exception ex) when (ex is not BrokenCircuitException && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            if (TransientFaults.StatusOf(ex) == 429)
            {
                Interlocked.Increment(ref _rateLimited);
                Interlocked.CompareExchange(ref _rateLimitedSince, started, -1);
                // Only 429 moves the limit, once per window: the calls already in flight when it shrank share the signal.
                _gate.OnRateLimited(slot.Epoch);
            }

            throw;
        }
        finally
        {
            _inFlight.TryRemove(attempt, out _);
        }
    }

    private async Task<AdaptiveConcurrencyLimit.Releaser> AcquireSlotAsync(CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            var patience = _maxSlotWait - waited < _slotPatience ? _maxSlotWait - waited : _slotPatience;
            if (await _gate.TryAcquireAsync(patience > TimeSpan.Zero ? patience : TimeSpan.Zero, cancellationToken) is { } slot)
            {
                return slot;
            }

            waited += patience;
            Interlocked.Increment(ref _slotWaits);
            if (waited >= _maxSlotWait)
            {
                throw new ProviderPausedException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"endpoint {Name}: a call waited {waited.TotalSeconds:0} s for one of {_gate.Limit} concurrency slots (resilience.maxSlotWaitSeconds); pausing the run: completed calls are stored, run again to resume"));
            }

            _logger.LogWarning("Endpoint {Endpoint}: a call has waited {Waited} for one of {Limit} concurrency slots ({InFlight} in flight)",
                Name, waited, _gate.Limit, _gate.InFlight);
        }
    }
}
