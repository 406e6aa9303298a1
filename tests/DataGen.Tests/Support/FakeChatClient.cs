using Microsoft.Extensions.AI;

namespace DataGen.Tests.Support;

/// <summary>A scripted chat client: answers with the replies given, in order, and records every request.</summary>
internal sealed class FakeChatClient(params string[] replies) : IChatClient
{
    private readonly Queue<string> _replies = new(replies);

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    /// <summary>The finish reason every reply reports.</summary>
    public ChatFinishReason Finish { get; set; } = ChatFinishReason.Stop;

    /// <summary>The model id every reply reports; null reports none.</summary>
    public string? ModelId { get; set; }

    /// <summary>The usage every reply reports.</summary>
    public UsageDetails Usage { get; set; } = new() { InputTokenCount = 10, OutputTokenCount = 5 };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add([.. messages]);
        var text = _replies.Count > 1 ? _replies.Dequeue() : _replies.Peek();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = Usage,
            FinishReason = Finish,
            ModelId = ModelId,
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
