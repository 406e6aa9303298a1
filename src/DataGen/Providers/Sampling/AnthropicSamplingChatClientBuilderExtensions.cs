using Microsoft.Extensions.AI;

namespace DataGen.Providers.Sampling;

/// <summary>Adds <see cref="AnthropicSamplingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
internal static class AnthropicSamplingChatClientBuilderExtensions
{
    /// <summary>
    /// Sends temperature, top-p and top-k, which the Anthropic SDK's client drops. Place it directly around that client,
    /// built with the same <paramref name="defaultModel"/> and <paramref name="defaultMaxOutputTokens"/>: no other
    /// client reads what it sets.
    /// </summary>
    public static ChatClientBuilder UseAnthropicSampling(this ChatClientBuilder builder, string defaultModel, int defaultMaxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new AnthropicSamplingChatClient(inner, defaultModel, defaultMaxOutputTokens));
    }
}
