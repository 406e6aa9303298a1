using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic.Models.Messages;
using DataGen.Configuration;
using DataGen.Providers;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Providers;

/// <summary>
/// The anthropic provider over real HTTP: the official Anthropic SDK, through the client <see cref="ChatClientFactory"/>
/// builds, talks to a fake Messages API on loopback. Checks where the prompt-cache breakpoint lands in the request
/// JSON, that temperature, top-p, top-k and max tokens reach it, and that the cache reads and writes the API reports
/// reach the manifest, priced at <c>cachedInputPerMillion</c> and <c>cacheWriteInputPerMillion</c>.
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
    public async Task GetResponseAsync_WithTemperature_SendsTemperatureAndMaxTokens()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        using var client = ChatClientFactory.Create(Options(server), NullLoggerFactory.Instance);
        var options = new ChatOptions { ModelId = "claude-test", MaxOutputTokens = 512, Temperature = 0.3f };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Write a fable.")], options);

        var request = server.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request["temperature"]?.GetValue<double>(), Is.EqualTo(0.3), request.ToJsonString());
            Assert.That(request["max_tokens"]?.GetValue<int>(), Is.EqualTo(512));
            Assert.That(request["model"]?.GetValue<string>(), Is.EqualTo("claude-test"));
            Assert.That(request["messages"]!.AsArray(), Has.Count.EqualTo(1), "the conversation is sent once");
            Assert.That(request["top_p"], Is.Null, "what the caller did not set is not sent");
            Assert.That(options.RawRepresentationFactory, Is.Null, "the caller's options are not changed");
        }
    }

    [Test]
    public async Task GetResponseAsync_TemperatureWithoutMaxTokensOrModel_SendsTheProviderDefaults()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var pipeline = Options(server);
        using var client = ChatClientFactory.Create(pipeline, NullLoggerFactory.Instance);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Write a fable.")], new ChatOptions { Temperature = 0.3f, TopP = 0.8f, TopK = 40 });

        var request = server.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request["temperature"]?.GetValue<double>(), Is.EqualTo(0.3), request.ToJsonString());
            Assert.That(request["top_p"]?.GetValue<double>(), Is.EqualTo(0.8));
            Assert.That(request["top_k"]?.GetValue<int>(), Is.EqualTo(40));
            Assert.That(request["max_tokens"]?.GetValue<int>(), Is.EqualTo(pipeline.Provider.MaxOutputTokens));
            Assert.That(request["model"]?.GetValue<string>(), Is.EqualTo(pipeline.Provider.Model));
        }
    }

    [Test]
    public async Task GetResponseAsync_CallerRawRepresentationSetsTemperature_CallerValueWinsAndItsFieldsAreKept()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        using var client = ChatClientFactory.Create(Options(server), NullLoggerFactory.Instance);
        var raw = new MessageCreateParams { MaxTokens = 300, Messages = [], Model = "claude-raw", StopSequences = ["END"] };
        var body = new Dictionary<string, JsonElement>(raw.RawBodyData) { ["temperature"] = JsonSerializer.SerializeToElement(0.7) };
        var options = new ChatOptions
        {
            Temperature = 0.3f,
            TopP = 0.8f,
            RawRepresentationFactory = _ => MessageCreateParams.FromRawUnchecked(raw.RawHeaderData, raw.RawQueryData, body),
        };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Write a fable.")], options);

        var request = server.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request["temperature"]?.GetValue<double>(), Is.EqualTo(0.7), request.ToJsonString());
            Assert.That(request["top_p"]?.GetValue<double>(), Is.EqualTo(0.8), "what the caller's parameters leave out is added");
            Assert.That(request["max_tokens"]?.GetValue<int>(), Is.EqualTo(300));
            Assert.That(request["model"]?.GetValue<string>(), Is.EqualTo("claude-raw"));
            Assert.That(request["stop_sequences"]?.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "END" }));
        }
    }

    [Test]
    public async Task Run_ApiReportsCacheReadsAndWrites_ManifestCountsThemAndPricesThemAtTheirRates()
    {
        const int cacheRead = 1000;
        const int cacheCreation = 200;
        await using var server = await FakeAnthropicServer.StartAsync(cacheRead, cacheCreation);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"]!["apiKeyEnv"] = KeyVariable;
        json["prices"]!["claude-test"] = new JsonObject { ["inputPerMillion"] = 3, ["outputPerMillion"] = 15, ["cachedInputPerMillion"] = 0.3, ["cacheWriteInputPerMillion"] = 3.75 };
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
        var written = total["cacheWriteInputTokens"]!.GetValue<long>();
        var outputTokens = total["outputTokens"]!.GetValue<long>();
        var expectedCost = decimal.Round((((input - cached - written) * 3m) + (cached * 0.3m) + (written * 3.75m) + (outputTokens * 15m)) / 1_000_000m, 6);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requests.Select(r => r["system"]?.AsArray()[^1]?["cache_control"]?["type"]?.GetValue<string>()), Is.All.EqualTo("ephemeral"),
                "every shipped template sends its shared context as the system prompt, marked for caching");
            Assert.That(requests.Select(r => r["temperature"]?.GetValue<double>()), Is.All.AnyOf(0.9, 0.1),
                "generation sends provider.temperature and the judge quality.judge.temperature (shipped pipeline.json)");
            Assert.That(calls, Is.EqualTo(requests.Length), "every request was paid in this run, none replayed");
            Assert.That(cached, Is.EqualTo((long)cacheRead * requests.Length), "cache_read_input_tokens count as cached input");
            Assert.That(written, Is.EqualTo((long)cacheCreation * requests.Length), "cache_creation_input_tokens count as cache-write input");
            Assert.That(input, Is.EqualTo((long)(100 + cacheRead + cacheCreation) * requests.Length), "cache reads and writes are part of the input");
            Assert.That(total["cost"]!.GetValue<decimal>(), Is.EqualTo(expectedCost));
            Assert.That(total["cost"]!.GetValue<decimal>(), Is.GreaterThan(decimal.Round((((input - cached) * 3m) + (cached * 0.3m) + (outputTokens * 15m)) / 1_000_000m, 6)),
                "cache writes cost more than plain input");
            Assert.That(total["cost"]!.GetValue<decimal>(), Is.LessThan(decimal.Round(((input * 3m) + (outputTokens * 15m)) / 1_000_000m, 6)),
                "cached input is cheaper than uncached input");
            Assert.That(manifest["usage"]!["byModel"]!["claude-test"]!["cachedInputTokens"]!.GetValue<long>(), Is.EqualTo(cached));
            Assert.That(manifest["usage"]!["byModel"]!["claude-test"]!["cacheWriteInputTokens"]!.GetValue<long>(), Is.EqualTo(written));
        }
    }

    private static PipelineOptions Options(FakeAnthropicServer server)
    {
        var shipped = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        return shipped with
        {
            Provider = shipped.Provider with
            {
                Name = ProviderNames.Anthropic,
                Model = "claude-test",
                Endpoint = server.BaseUrl,
                ApiKeyEnv = KeyVariable,
                MaxRetries = 0,
            },
        };
    }
}
