using System.Text.Json;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace DataGen.Providers.Sampling;

/// <summary>
/// Sends <see cref="ChatOptions.Temperature"/>, <see cref="ChatOptions.TopP"/> and <see cref="ChatOptions.TopK"/> to
/// Anthropic's Messages API as <c>temperature</c>, <c>top_p</c> and <c>top_k</c>. The Anthropic SDK's
/// <see cref="IChatClient"/> (NuGet <c>Anthropic</c> 13.14.0) maps none of them, and its
/// <see cref="MessageCreateParams"/> has no property for them; but that client starts each request from the
/// <see cref="MessageCreateParams"/> that <see cref="ChatOptions.RawRepresentationFactory"/> returns and sends its raw
/// body whole. So a copy of the caller's options carries a factory whose parameters hold the three values in their body;
/// the caller's options are not changed.
/// </summary>
/// <remarks>
/// Given such parameters, the SDK's client takes <c>model</c> and <c>max_tokens</c> from them instead of from
/// <see cref="ChatOptions.ModelId"/>, <see cref="ChatOptions.MaxOutputTokens"/> or its own defaults, so they are written
/// here too, with the same defaults the SDK's client was built with. Parameters the caller's own factory returns are
/// kept, and a value they already set wins. <see cref="ChatOptions.Seed"/> is not sent: the Messages API has no seed.
/// Options without any of the three pass through untouched.
/// </remarks>
internal sealed class AnthropicSamplingChatClient : DelegatingChatClient
{
    private readonly string _defaultModel;
    private readonly int _defaultMaxOutputTokens;

    public AnthropicSamplingChatClient(IChatClient inner, string defaultModel, int defaultMaxOutputTokens)
        : base(inner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultMaxOutputTokens);
        _defaultModel = defaultModel;
        _defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithSampling(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithSampling(options), cancellationToken);

    /// <summary>A copy of <paramref name="options"/> whose raw representation carries its sampling values.</summary>
    internal ChatOptions? WithSampling(ChatOptions? options)
    {
        if (options is null || (options.Temperature is null && options.TopP is null && options.TopK is null))
        {
            return options;
        }

        var sampling = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        // Serialized as float, not widened to double: 0.3f is written 0.3, not 0.30000001192092896.
        if (options.Temperature is { } temperature)
        {
            sampling["temperature"] = JsonSerializer.SerializeToElement(temperature);
        }

        if (options.TopP is { } topP)
        {
            sampling["top_p"] = JsonSerializer.SerializeToElement(topP);
        }

        if (options.TopK is { } topK)
        {
            sampling["top_k"] = JsonSerializer.SerializeToElement(topK);
        }

        var callerFactory = options.RawRepresentationFactory;
        var model = options.ModelId ?? _defaultModel;
        var maxTokens = options.MaxOutputTokens ?? _defaultMaxOutputTokens;
        var copy = options.Clone();
        copy.RawRepresentationFactory = client =>
        {
            // The SDK's client reads nothing but MessageCreateParams here, so any other object is dropped either way.
            var parameters = callerFactory?.Invoke(client) as MessageCreateParams ?? new MessageCreateParams
            {
                MaxTokens = maxTokens,
                // The SDK's client appends the conversation to these.
                Messages = [],
                Model = model,
            };
            var body = new Dictionary<string, JsonElement>(parameters.RawBodyData, StringComparer.Ordinal);
            foreach (var (name, value) in sampling)
            {
                body.TryAdd(name, value);
            }

            return MessageCreateParams.FromRawUnchecked(parameters.RawHeaderData, parameters.RawQueryData, body);
        };
        return copy;
    }
}
