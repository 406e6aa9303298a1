using DataGen.Configuration;
using DataGen.Store;
using Microsoft.Extensions.AI;

namespace DataGen.Pipeline;

/// <summary>
/// The one composition of a run's chat client, whatever the executor: metering into the usage ledger and the budget
/// guard, around the response store (answered requests are replayed, never paid again), around the provider's client.
/// </summary>
internal static class RunChatClient
{
    public static IChatClient Compose(IChatClient provider, ResponseStore? store, PipelineOptions options, UsageLedger ledger, RunGuard guard, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        // ChatClientBuilder makes the first Use the outermost: metering must see the store's replayed flag.
        var builder = new ChatClientBuilder(provider).Use(inner => new MeteringChatClient(inner, ledger, guard, options.Provider.Model));
        if (store is not null)
        {
            builder.Use(inner => new RecordingChatClient(inner, store, options.Provider.Name, options.Provider.Model, time));
        }

        return builder.Build();
    }
}
