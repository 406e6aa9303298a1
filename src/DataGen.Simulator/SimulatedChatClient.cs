using System.Runtime.CompilerServices;
using DataGen.Configuration;
using DataGen.Providers;
using DataGen.Providers.Resilience;
using Microsoft.Extensions.AI;

namespace DataGen.Simulator;

/// <summary>
/// The <c>simulated</c> provider: an offline, deterministic <see cref="IChatClient"/> over
/// <see cref="SimulatedReplyWriter"/>, with the configured latency and injected faults (<see cref="FaultInjector"/>).
/// A test double and dry-run tool; its output is always marked simulated.
/// </summary>
public sealed class SimulatedChatClient : IChatClient
{
    private readonly SimulatedReplyWriter _writer;
    private readonly FaultInjector _faults;
    private readonly string _model;
    private readonly TimeProvider _time;
    private readonly ChatClientMetadata _metadata;
    private int _calls;

    public SimulatedChatClient(SimulatorOptions options, string model, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = new SimulatedReplyWriter(options);
        _faults = new FaultInjector(options.Faults, options.Latency);
        _model = model;
        _time = time ?? TimeProvider.System;
        _metadata = new ChatClientMetadata(ProviderNames.Simulated, null, model);
    }

    /// <summary>Number of requests received so far, faulted ones included (tests count model calls with it).</summary>
    public int Calls => _calls;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var (fault, latency) = _faults.Next(FaultInjector.Hash(list, options));
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, _time, cancellationToken);
        }

        switch (fault)
        {
            case SimulatedFault.Http429:
                throw new ProviderHttpException(429, _faults.RetryAfter, "simulated 429 Too Many Requests");
            case SimulatedFault.Http500:
                throw new ProviderHttpException(500, null, "simulated 500 Internal Server Error");
            case SimulatedFault.Http503:
                throw new ProviderHttpException(503, _faults.RetryAfter, "simulated 503 Service Unavailable");
            case SimulatedFault.Timeout:
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken);
                break;
            case SimulatedFault.ConnectionReset:
                throw new IOException("simulated connection reset");
            case SimulatedFault.Truncated:
                throw new System.Text.Json.JsonException("simulated response body cut off mid-JSON");
        }

        var reply = _writer.Write(list, options);
        var text = fault == SimulatedFault.Malformed ? FaultInjector.MalformedText : reply.Text;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = options?.ModelId ?? _model,
            FinishReason = reply.FinishReason == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = reply.InputTokens, OutputTokenCount = reply.OutputTokens, TotalTokenCount = reply.InputTokens + reply.OutputTokens },
            CreatedAt = DateTimeOffset.UnixEpoch,
            AdditionalProperties = new AdditionalPropertiesDictionary { [ReplyLabels.Simulated] = true },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
