using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Providers.Routing;
using DataGen.Store;
using Microsoft.Extensions.AI;

namespace DataGen.Providers;

/// <summary>
/// The one chat-client composition of a run, whatever the executor: routing (when <c>providers</c> routes calls)
/// outermost, then metering into the usage ledger, then the response store, then the provider clients from
/// <see cref="ChatClientFactory"/> (per provider: resilience over its endpoints).
/// </summary>
public static class ChatClientComposition
{
    public static IChatClient ForRun(IChatClient providers, PipelineOptions options, ResponseStore? store, UsageLedger ledger, RunGuard guard, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);
        IChatClient client = store is null ? providers : new RecordingChatClient(providers, store, options.Provider.Name, options.Provider.Model, time);
        client = new MeteringChatClient(client, ledger, guard, options.Provider.Model);
        var routes = new ProviderRoutes(options);
        return routes.AnyNamed ? new RouteStampingChatClient(client, routes) : client;
    }
}
