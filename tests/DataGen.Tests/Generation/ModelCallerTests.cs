using DataGen.Generation;
using DataGen.Generation.Parsing;
using DataGen.Prompts;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Generation;

public sealed class ModelCallerTests
{
    private static readonly RenderedPrompt Prompt = new() { PromptId = "p.md@00000000", System = "sys", User = "write" };

    [Test]
    public async Task CallAsync_MalformedThenGood_ReasksWithTheErrorAndSucceeds()
    {
        using var client = new FakeChatClient("<story>unclosed", "<story>fine</story>");
        var caller = new ModelCaller(client, "m", 0.5f, NullLogger.Instance);

        var result = await caller.CallAsync(Prompt, new TaggedTextParser("story", "story"), maxReasks: 2, 100, 7, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Parse.Ok, Is.True);
            Assert.That(result.Calls, Is.EqualTo(2));
            Assert.That(result.Usage, Is.EqualTo(new TokenUsage(20, 10)));
            Assert.That(client.Requests[1], Has.Count.EqualTo(4));
            Assert.That(client.Requests[1][^1].Text, Does.Contain("never closed"));
            Assert.That(client.Requests[1][^1].Role, Is.EqualTo(ChatRole.User));
        }
    }

    [Test]
    public async Task CallAsync_NeverParses_StopsAfterTheBudget()
    {
        using var client = new FakeChatClient("nothing useful");
        var caller = new ModelCaller(client, "m", 0.5f, NullLogger.Instance);

        var result = await caller.CallAsync(Prompt, new TaggedTextParser("story", "story"), maxReasks: 2, 100, 7, CancellationToken.None);

        Assert.That(result.Parse.Ok, Is.False);
        Assert.That(result.Calls, Is.EqualTo(3));
        Assert.That(result.Reply, Is.EqualTo("nothing useful"));
    }
}
