using DataGen.Configuration;
using DataGen.Providers;
using DataGen.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Cli;

/// <summary>
/// What the core library leaves to its host, registered once for every command: the <c>simulated</c> provider, and
/// the middleware that labels the simulator server's replies as simulated (for runs of a real provider's client
/// against <c>simulate-server</c>).
/// </summary>
internal static class HostProviders
{
    /// <summary><see cref="ChatClientFactory.Create"/> with the host's providers.</summary>
    public static IChatClient Create(PipelineOptions options, ILoggerFactory loggerFactory) =>
        ChatClientFactory.Create(options, loggerFactory, hosted: SimulatedChatProvider.All);

    /// <summary>Goes around a run's whole client (<c>HostMiddleware</c> of the runners).</summary>
    public static Func<IChatClient, IChatClient> Middleware { get; } = client => new SimulatedReplyLabelingChatClient(client);
}
