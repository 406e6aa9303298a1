using DataGen.Configuration;
using DataGen.Providers;
using DataGen.Simulator;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Simulator;

/// <summary>The core builds no simulator: the host registers it with <see cref="ChatClientFactory"/>.</summary>
public sealed class SimulatedChatProviderTests
{
    private static readonly PipelineOptions Simulated = PipelineConfigLoader.Load(TestPaths.PipelineJson) with { Simulator = SimulatorOptions.Clean };

    [Test]
    public void Create_SimulatedProviderNotRegistered_IsAConfigErrorNamingIt()
    {
        var error = Assert.Throws<ConfigException>(() => ChatClientFactory.Create(Simulated, NullLoggerFactory.Instance));

        Assert.That(error!.Message, Does.Contain("$.provider.name: unknown provider 'simulated'"));
    }

    [Test]
    public async Task Create_SimulatedProviderRegistered_RepliesThroughResilienceAreLabelledSimulated()
    {
        using var client = ChatClientFactory.Create(Simulated, NullLoggerFactory.Instance, hosted: SimulatedChatProvider.All);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Write a short story.")]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Text, Is.Not.Empty);
            Assert.That(ReplyLabels.IsSimulated(response), Is.True);
        }
    }
}
