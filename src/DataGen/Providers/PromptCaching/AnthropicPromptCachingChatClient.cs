using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace DataGen.Providers.PromptCaching;

/// <summary>
/// Marks the long shared prefix of every request for Anthropic prompt caching: one <c>cache_control: ephemeral</c>
/// breakpoint at the end of the system prompt, or, when a request has no system prompt, at the end of its first user
/// message. It wraps the Anthropic SDK's <see cref="IChatClient"/> directly, the only client that reads the mark
/// (<see cref="AIContentCacheExtensions"/>), so the response store's request keys and every other provider are
/// unaffected. The caller's messages are never changed: a marked copy of the one message is sent.
/// </summary>
/// <remarks>
/// Why there: every shipped template that opens a conversation has a system part holding the context shared by all
/// seeds of a step (the kind's preamble, or the judge's rubric), and the per-seed values live in the user part after
/// it; a continued conversation resends the same system message first. A breakpoint caches everything up to the end
/// of its block, so the end of the system prompt is the longest prefix that every seed of a step shares. A template
/// without a system part puts its shared context (constitution excerpt, instructions) at the start of the user part;
/// the breakpoint can only sit at the end of a block, so the whole first user message is marked, which is reread by
/// re-asks and by later steps of the same conversation (and by any request with the same first message). Anthropic
/// caches a prefix only from 1,024 tokens (2,048 on Haiku); shorter ones are sent as usual, without error or charge.
/// </remarks>
internal sealed class AnthropicPromptCachingChatClient : DelegatingChatClient
{
    public AnthropicPromptCachingChatClient(IChatClient inner)
        : base(inner)
    {
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Mark(messages), options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(Mark(messages), options, cancellationToken);

    /// <summary>The messages with the breakpoint placed; unchanged when there is nothing to mark.</summary>
    internal static List<ChatMessage> Mark(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var copy = messages.ToList();
        var target = copy.FindLastIndex(m => m.Role == ChatRole.System);
        if (target < 0)
        {
            target = copy.FindIndex(m => m.Role == ChatRole.User);
        }

        // Only text is marked: it is all the pipeline sends, and a copy of it is exact. One breakpoint per request
        // stays well inside the API's limit of four (nothing else in DataGen sets one).
        if (target < 0 || copy[target].Contents is not [.., TextContent last])
        {
            return copy;
        }

        var marked = new TextContent(last.Text)
        {
            Annotations = last.Annotations,
            AdditionalProperties = last.AdditionalProperties?.Clone(),
        }.WithCacheControl(new CacheControlEphemeral());
        var message = copy[target].Clone();
        message.Contents = [.. copy[target].Contents.Take(copy[target].Contents.Count - 1), marked];
        copy[target] = message;
        return copy;
    }
}
