using Microsoft.Extensions.AI;

namespace DataGen.Store;

/// <summary>
/// Answers a request from the <see cref="ResponseStore"/> when its key is there, and records every successful
/// completion otherwise. It sits outside the resilience pipeline: an answered request never reaches the network
/// again, and only the final successful attempt is stored, never a fault. Replayed responses carry
/// <see cref="ReplayedKey"/> so their tokens are reported as replayed, not paid.
/// </summary>
public sealed class RecordingChatClient : DelegatingChatClient
{
    /// <summary>Additional property set to true on responses read back from the store.</summary>
    public const string ReplayedKey = "datagen.replayed";

    /// <summary>Additional property naming the endpoint that answered (set by the endpoint layer).</summary>
    public const string EndpointKey = "datagen.endpoint";

    /// <summary>Additional property holding input tokens the provider served from its prompt cache.</summary>
    public const string CachedInputKey = "datagen.cached_input_tokens";

    /// <summary>
    /// Key in <see cref="UsageDetails.AdditionalCounts"/> under which the Anthropic SDK's chat client reports
    /// <c>cache_creation_input_tokens</c> (input written to the prompt cache); replayed responses report it there too.
    /// </summary>
    public const string CacheWriteInputCountKey = "CacheCreationInputTokens";

    private readonly ResponseStore _store;
    private readonly string _provider;
    private readonly string _model;
    private readonly TimeProvider _time;

    public RecordingChatClient(IChatClient inner, ResponseStore store, string provider, string model, TimeProvider time)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _provider = provider;
        _model = model;
        _time = time;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        // A routed call names its own provider kind and model (RouteStampingChatClient); both are part of its key.
        var provider = options?.AdditionalProperties?.TryGetValue(Providers.Routing.RouteStampingChatClient.ProviderKey, out var routed) == true && routed is string kind ? kind : _provider;
        var key = RequestKey.Compute(provider, _model, list, options);
        if (_store.Find(key) is { } stored)
        {
            return Replay(stored);
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken);
        await _store.AddAsync(new StoredResponse
        {
            Key = key,
            Provider = provider,
            Model = options?.ModelId ?? _model,
            Endpoint = response.AdditionalProperties?.TryGetValue(EndpointKey, out var e) == true ? e as string : null,
            ModelId = response.ModelId,
            Text = response.Text,
            FinishReason = response.FinishReason?.Value,
            InputTokens = response.Usage?.InputTokenCount ?? 0,
            OutputTokens = response.Usage?.OutputTokenCount ?? 0,
            CachedInputTokens = response.Usage?.CachedInputTokenCount ?? 0,
            CacheWriteInputTokens = CacheWriteInputTokens(response.Usage),
            Batch = response.AdditionalProperties?.TryGetValue(Providers.Batching.BatchingChatClient.BatchKey, out var b) == true && b is true,
            CreatedAt = _time.GetUtcNow(),
        });
        return response;
    }

    /// <summary>Input tokens <paramref name="usage"/> reports as written to the prompt cache; 0 where it reports none.</summary>
    public static long CacheWriteInputTokens(UsageDetails? usage) =>
        usage?.AdditionalCounts?.TryGetValue(CacheWriteInputCountKey, out var written) == true ? written : 0;

    private static ChatResponse Replay(StoredResponse stored) => new(new ChatMessage(ChatRole.Assistant, stored.Text))
    {
        ModelId = stored.ModelId,
        FinishReason = stored.FinishReason is { } f ? new ChatFinishReason(f) : null,
        Usage = new UsageDetails
        {
            InputTokenCount = stored.InputTokens,
            OutputTokenCount = stored.OutputTokens,
            TotalTokenCount = stored.InputTokens + stored.OutputTokens,
            CachedInputTokenCount = stored.CachedInputTokens,
            AdditionalCounts = stored.CacheWriteInputTokens == 0
                ? null
                : new AdditionalPropertiesDictionary<long> { [CacheWriteInputCountKey] = stored.CacheWriteInputTokens },
        },
        CreatedAt = stored.CreatedAt,
        AdditionalProperties = stored.Batch
            ? new AdditionalPropertiesDictionary { [ReplayedKey] = true, [EndpointKey] = stored.Endpoint, [Providers.Batching.BatchingChatClient.BatchKey] = true }
            : new AdditionalPropertiesDictionary { [ReplayedKey] = true, [EndpointKey] = stored.Endpoint },
    };
}
