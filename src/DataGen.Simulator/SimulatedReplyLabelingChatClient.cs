using System.Runtime.CompilerServices;
using DataGen.Providers;
using Microsoft.Extensions.AI;

namespace DataGen.Simulator;

/// <summary>
/// Labels replies the simulator's HTTP server wrote (model id <see cref="SimulatorHttpServer.ModelPrefix"/>…) as
/// <see cref="ReplyLabels.Simulated"/>, so a run of a real provider's client against <c>simulate-server</c> still
/// marks its rows simulated. The host puts it around the run's whole client, outside the response store, so replayed
/// replies (which keep the model id) are labelled too. The prefix comes off the model id here, so provenance records
/// the model name the run asked for.
/// </summary>
public sealed class SimulatedReplyLabelingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        if (response.ModelId?.StartsWith(SimulatorHttpServer.ModelPrefix, StringComparison.Ordinal) == true)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[ReplyLabels.Simulated] = true;
            response.ModelId = response.ModelId[SimulatorHttpServer.ModelPrefix.Length..];
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }
}
