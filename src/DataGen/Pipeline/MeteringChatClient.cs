using DataGen.Store;
using Microsoft.Extensions.AI;

namespace DataGen.Pipeline;

/// <summary>
/// Records every call's usage in the <see cref="UsageLedger"/> under the current <see cref="CallScope"/>, the
/// endpoint that answered and the model, paid or replayed; and trips the cost cap of the <see cref="RunGuard"/>.
/// </summary>
public sealed class MeteringChatClient : DelegatingChatClient
{
    private readonly UsageLedger _ledger;
    private readonly RunGuard _guard;
    private readonly string _model;

    public MeteringChatClient(IChatClient inner, UsageLedger ledger, RunGuard guard, string model)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(guard);
        _ledger = ledger;
        _guard = guard;
        _model = model;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        var properties = response.AdditionalProperties;
        var replayed = properties?.TryGetValue(RecordingChatClient.ReplayedKey, out var r) == true && r is true;
        var endpoint = properties?.TryGetValue(RecordingChatClient.EndpointKey, out var e) == true && e is string name ? name : "unknown";
        _ledger.Record(CallScope.Stage, CallScope.Kind, endpoint, options?.ModelId ?? _model,
            input: response.Usage?.InputTokenCount ?? 0,
            output: response.Usage?.OutputTokenCount ?? 0,
            cachedInput: response.Usage?.CachedInputTokenCount ?? 0,
            cacheWriteInput: RecordingChatClient.CacheWriteInputTokens(response.Usage),
            replayed,
            batch: properties?.TryGetValue(Providers.Batching.BatchingChatClient.BatchKey, out var b) == true && b is true,
            step: Generation.ModelCallContext.Step);
        if (!replayed)
        {
            _guard.CheckCost(_ledger.PaidCost);
        }

        return response;
    }
}
