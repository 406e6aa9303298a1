using DataGen.Configuration;
using DataGen.Providers;
using Microsoft.Extensions.AI;

namespace DataGen.Simulator;

/// <summary>The <c>simulated</c> provider as the host registers it with <see cref="ChatClientFactory"/>.</summary>
public sealed class SimulatedChatProvider : IChatProvider
{
    public static SimulatedChatProvider Instance { get; } = new();

    /// <summary>The providers a host adds: just this one.</summary>
    public static IReadOnlyList<IChatProvider> All { get; } = [Instance];

    public string Name => ProviderNames.Simulated;

    public IChatClient Create(PipelineOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SimulatedChatClient(options.Simulator, options.Provider.Model, time);
    }
}
