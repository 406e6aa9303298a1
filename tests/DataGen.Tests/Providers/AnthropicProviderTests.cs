using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Providers;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Providers;

/// <summary>
/// The anthropic provider over real HTTP: the official Anthropic SDK, through the client <see cref="ChatClientFactory"/>
/// builds, talks to a fake Messages API on loopback. Checks where the prompt-cache breakpoint lands in the request
/// JSON and that the cache reads the API reports reach the manifest as cached input, priced at
/// <c>cachedInputPerMillion</c>.
/// </summary>
public sealed class AnthropicProviderTests
{
    private const string KeyVariable = "DATAGEN_TEST_ANTHROPIC_KEY";

    [SetUp]
    public void SetKey() => Environment.SetEnvironmentVariable(KeyVariable, "test-key-not-secret");

    [TearDown]
    public void ClearKey() => Environment.SetEnvironmentVariable(KeyVariable, null);

    [Test]
    public async Task GetResponseAsync_WithSystemPrompt_MarksTheEndOfTheSystemPromptEphemeralAndNothingElse()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        using var client = ChatClientFactory.Create(Options(server), NullLoggerFactory.Instance);
        var system = new ChatMessage(ChatRole.System, "The shared preamble: constitution excerpt and instructions.");
        var user = new ChatMessage(ChatRole.User, "Principle: honesty\nGenre: fable");

        await client.GetResponseAsync([system, user], new ChatOptions { ModelId = "claude-test", MaxOutputTokens = 512 });

        var request = server.Requests.Single();
        var systemBlocks = request["system"]!.AsArray();
        var userBlocks = request["messages"]!.AsArray().Single()!["content"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(systemBlocks[^1]!["cache_control"]?["type"]?.GetValue<string>(), Is.EqualTo("ephemeral"), request.ToJsonString());
            Assert.That(systemBlocks[^1]!["text"]!.GetValue<string>(), Is.EqualTo(system.Text));
            Assert.That(userBlocks.Select(b => b!["cache_control"]), Is.All.Null, "the per-seed user part is not a breakpoint");
            Assert.That(system.Contents.Single().AdditionalProperties, Is.Null, "the caller's message is not changed");
        }
    }

    [Test]
    public async Task GetResponseAsync_WithoutSystemPrompt_MarksTheFirstUserMessageEphemeral()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        using var client = ChatClientFactory.Create(Options(server), NullLoggerFactory.Instance);
        ChatMessage[] conversation =
        [
            new(ChatRole.User, "The constitution section, then what to write."),
            new(ChatRole.Assistant, "<scenario>...</scenario>"),
            new(ChatRole.User, "Now write the opening."),
        ];

        await client.GetResponseAsync(conversation, new ChatOptions { ModelId = "claude-test", MaxOutputTokens = 512 });

        var request = server.Requests.Single();
        var turns = request["messages"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request["system"], Is.Null, request.ToJsonString());
            Assert.That(turns, Has.Count.EqualTo(3));
            Assert.That(turns[0]!["content"]!.AsArray()[^1]!["cache_control"]?["type"]?.GetValue<string>(), Is.EqualTo("ephemeral"), request.ToJsonString());
            Assert.That(turns.Skip(1).SelectMany(t => t!["content"]!.AsArray()).Select(b => b!["cache_control"]), Is.All.Null);
        }
    }

    [Test]
    public async Task Run_ApiReportsCacheReads_ManifestCountsThemAsCachedInputPricedAtCachedRate()
    {
        const int cacheRead = 1000;
        const int cacheCreation = 200;
        await using var server = await FakeAnthropicServer.StartAsync(cacheRead, cacheCreation);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"]!["apiKeyEnv"] = KeyVariable;
        json["prices"]!["claude-test"] = new JsonObject { ["inputPerMillion"] = 3, ["outputPerMillion"] = 15, ["cachedInputPerMillion"] = 0.3 };
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "2",
            "--provider", "anthropic", "--endpoint", server.BaseUrl.ToString(), "--model", "claude-test");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var requests = server.Requests.ToArray();
        Assert.That(requests, Is.Not.Empty);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var total = manifest["usage"]!["total"]!;
        var calls = total["calls"]!.GetValue<long>();
        var input = total["inputTokens"]!.GetValue<long>();
        var cached = total["cachedInputTokens"]!.GetValue<long>();
        var outputTokens = total["outputTokens"]!.GetValue<long>();
        var expectedCost = decimal.Round((((input - cached) * 3m) + (cached * 0.3m) + (outputTokens * 15m)) / 1_000_000m, 6);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requests.Select(r => r["system"]?.AsArray()[^1]?["cache_control"]?["type"]?.GetValue<string>()), Is.All.EqualTo("ephemeral"),
                "every shipped template sends its shared context as the system prompt, marked for caching");
            Assert.That(calls, Is.EqualTo(requests.Length), "every request was paid in this run, none replayed");
            Assert.That(cached, Is.EqualTo((long)cacheRead * requests.Length), "cache_read_input_tokens count as cached input");
            Assert.That(input, Is.EqualTo((long)(100 + cacheRead + cacheCreation) * requests.Length), "cache reads and writes are part of the input");
            Assert.That(total["cost"]!.GetValue<decimal>(), Is.EqualTo(expectedCost));
            Assert.That(total["cost"]!.GetValue<decimal>(), Is.LessThan(decimal.Round(((input * 3m) + (outputTokens * 15m)) / 1_000_000m, 6)),
                "cached input is cheaper than uncached input");
            Assert.That(manifest["usage"]!["byModel"]!["claude-test"]!["cachedInputTokens"]!.GetValue<long>(), Is.EqualTo(cached));
        }
    }

    private static PipelineOptions Options(FakeAnthropicServer server)
    {
        var shipped = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        return shipped with
        {
            Provider = shipped.Provider with
            {
                Name = ProviderNames.Anthropic, Model = "claude-test", Endpoint = server.BaseUrl, ApiKeyEnv = KeyVariable, MaxRetries = 0,
            },
        };
    }
}
