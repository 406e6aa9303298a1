using Microsoft.Extensions.AI;

namespace DataGen.Providers.PromptCaching;

/// <summary>Adds <see cref="AnthropicPromptCachingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
internal static class AnthropicPromptCachingChatClientBuilderExtensions
{
    /// <summary>
    /// Marks the shared prefix of every request for Anthropic prompt caching. Place it directly around the Anthropic
    /// SDK's client: other clients ignore the mark.
    /// </summary>
    public static ChatClientBuilder UseAnthropicPromptCaching(this ChatClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new AnthropicPromptCachingChatClient(inner));
    }
}
