using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Providers.Routing;
using DataGen.Store;
using Microsoft.Extensions.AI;

namespace DataGen.Providers;

/// <summary>
/// The one chat-client composition of a run, whatever the executor: routing (when <c>providers</c> routes calls)
/// outermost, then metering into the usage ledger, then the response store, then the provider clients from
/// <see cref="ChatClientFactory"/> (per provider: resilience over its endpoints). The host's middleware, when given, goes
/// around all of it, so replayed replies pass through it as well (the CLI labels the simulator server's replies there).
/// </summary>
public static class ChatClientComposition
{
    public static IChatClient ForRun(IChatClient providers, PipelineOptions options, ResponseStore? store, UsageLedger ledger, RunGuard guard, TimeProvider time,
        Func<IChatClient, IChatClient>? hostMiddleware = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);
        IChatClient client = store is null ? providers : new RecordingChatClient(providers, store, options.Provider.Name, options.Provider.Model, time);
        client = new MeteringChatClient(client, ledger, guard, options.Provider.Model);
        var routes = new ProviderRoutes(options);
        client = routes.AnyNamed ? new RouteStampingChatClient(client, routes) : client;
        return hostMiddleware is null ? client : hostMiddleware(client);
    }
}
