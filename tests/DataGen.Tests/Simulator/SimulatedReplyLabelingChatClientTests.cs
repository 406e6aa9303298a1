using DataGen.Generation;
using DataGen.Generation.Parsing;
using DataGen.Prompts;
using DataGen.Providers;
using DataGen.Simulator;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Simulator;

/// <summary>The simulator labels its own replies; the call path only reads the label (it knows no simulator prefix).</summary>
public sealed class SimulatedReplyLabelingChatClientTests
{
    private static readonly RenderedPrompt Prompt = new() { PromptId = "p.md@00000000", System = "sys", User = "write" };

    [TestCase("datagen-simulated:sim-1", true)]
    [TestCase("gpt-4o-mini", false)]
    [TestCase("proxy/datagen-simulated:sim-1", false)]
    [TestCase(null, false)]
    public async Task GetResponseAsync_ModelId_LabelledSimulatedOnlyWithTheServersPrefix(string? modelId, bool simulated)
    {
        using var inner = new FakeChatClient("<story>fine</story>") { ModelId = modelId };
        using var client = new SimulatedReplyLabelingChatClient(inner);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.That(ReplyLabels.IsSimulated(response), Is.EqualTo(simulated));
    }

    [Test]
    public async Task CallAsync_LabelledReply_MarksTheCallSimulated_UnlabelledDoesNot()
    {
        using var server = new FakeChatClient("<story>fine</story>") { ModelId = SimulatorHttpServer.ModelPrefix + "sim-1" };
        using var real = new FakeChatClient("<story>fine</story>") { ModelId = SimulatorHttpServer.ModelPrefix + "sim-1" };
        var parser = new TaggedTextParser("story", "story");

        var labelled = await new ModelCaller(new SimulatedReplyLabelingChatClient(server), "m", 0.5f, NullLogger.Instance).CallAsync(Prompt, parser, 0, 100, 7, CancellationToken.None);
        var unlabelled = await new ModelCaller(real, "m", 0.5f, NullLogger.Instance).CallAsync(Prompt, parser, 0, 100, 7, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(labelled.Simulated, Is.True);
            Assert.That(labelled.Model, Is.EqualTo("sim-1"), "provenance records the model name, without the server's label");
            Assert.That(unlabelled.Simulated, Is.False, "without the simulator's middleware the prefix alone means nothing to the call path");
        }
    }
}
