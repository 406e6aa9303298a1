using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DataGen.Providers.Resilience;

/// <summary>
/// The one place retries happen for every provider: a Polly pipeline with exponential backoff and jitter on
/// transient faults and a timeout per attempt. Cancellation by the caller is never retried.
/// </summary>
public sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;

    public ResilientChatClient(IChatClient inner, ResilienceOptions options, ILogger<ResilientChatClient> logger, TimeProvider time)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && TransientFaults.IsTransient(ex)),
                OnRetry = args =>
                {
                    logger.LogWarning("Transient provider fault (status {Status}), retry {Attempt} in {Delay}: {Reason}",
                        args.Outcome.Exception is { } e ? TransientFaults.StatusOf(e) : null, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout }).Build();
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return _pipeline.ExecuteAsync(
            static async (state, ct) => await state.Inner.GetResponseAsync(state.List, state.Options, ct),
            (Inner: InnerClient, List: list, Options: options),
            cancellationToken).AsTask();
    }
}
