using DataGen.Configuration;
using DataGen.Store;
using Microsoft.Extensions.AI;

namespace DataGen.Pipeline;

/// <summary>
/// The one composition of a run's chat client, whatever the executor: the provider's client, then the response store
/// (answered requests are replayed, never paid again), then metering into the usage ledger and the budget guard.
/// </summary>
internal static class RunChatClient
{
    public static IChatClient Compose(IChatClient provider, ResponseStore? store, PipelineOptions options, UsageLedger ledger, RunGuard guard, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ChatClientBuilder(provider);
        if (store is not null)
        {
            builder.Use(inner => new RecordingChatClient(inner, store, options.Provider.Name, options.Provider.Model, time));
        }

        return builder.Use(inner => new MeteringChatClient(inner, ledger, guard, options.Provider.Model)).Build();
    }
}
