using System.Runtime.CompilerServices;
using DataGen.Configuration;
using Microsoft.Extensions.AI;

namespace DataGen.Providers.Simulation;

/// <summary>
/// The <c>simulated</c> provider: an offline, deterministic <see cref="IChatClient"/> over
/// <see cref="SimulatedReplyWriter"/>. A test double and dry-run tool; its output is always marked simulated.
/// </summary>
public sealed class SimulatedChatClient : IChatClient
{
    /// <summary>Provider name reported in metadata and on rows.</summary>
    public const string ProviderName = "simulated";

    private readonly SimulatedReplyWriter _writer;
    private readonly string _model;
    private readonly ChatClientMetadata _metadata;

    public SimulatedChatClient(SimulatorOptions options, string model)
    {
        _writer = new SimulatedReplyWriter(options);
        _model = model;
        _metadata = new ChatClientMetadata(ProviderName, null, model);
    }

    /// <summary>Number of requests answered so far (tests count model calls with it).</summary>
    public int Calls => _calls;

    private int _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        var reply = _writer.Write([.. messages], options);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, reply.Text))
        {
            ModelId = options?.ModelId ?? _model,
            FinishReason = reply.FinishReason == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = reply.InputTokens, OutputTokenCount = reply.OutputTokens, TotalTokenCount = reply.InputTokens + reply.OutputTokens },
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
        return Task.FromResult(response);
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
