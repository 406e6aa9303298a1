using System.Text.Json;
using DataGen.Configuration;
using DataGen.Generation.Parsing;
using DataGen.Providers.Local;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Providers.Local;

/// <summary>
/// Drives a tiny random-weight GGUF model through <see cref="LocalChatClient"/>. The model writes random text, so
/// these tests assert structure (prompt sent, token counts, JSON validity), never content.
/// </summary>
[TestFixture]
public sealed class LocalChatClientTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "You are a terse assistant."),
        new(ChatRole.User, "Say hello."),
    ];

    private string _folder = null!;
    private string _modelFile = null!;
    private RecordingLogger<LocalChatClient> _logger = null!;
    private LocalChatClient _client = null!;
    private LocalModel _model = null!;

    [OneTimeSetUp]
    public void LoadModel()
    {
        _folder = Directory.CreateTempSubdirectory("datagen-local-").FullName;
        _modelFile = Path.Combine(_folder, "tiny.gguf");
        GgufWriter.Write(_modelFile);
        var options = new LocalModelOptions { ModelPath = _modelFile, ContextSize = 1024, Threads = 1, BatchSize = 256 };
        _model = LocalModel.Load(_modelFile, options, NullLogger.Instance);
        _logger = new RecordingLogger<LocalChatClient>();
        _client = new LocalChatClient(LocalModel.Load(_modelFile, options, NullLogger.Instance), concurrency: 2, defaultSeed: 1, TimeProvider.System, _logger);
    }

    [OneTimeTearDown]
    public void Unload()
    {
        _client.Dispose();
        _model.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void RenderPrompt_ChatMlTemplate_RendersEveryTurnAndOpensTheAssistantTurn()
    {
        var prompt = _model.RenderPrompt(Conversation);

        Assert.That(prompt, Is.EqualTo(
            "<|im_start|>system\nYou are a terse assistant.<|im_end|>\n<|im_start|>user\nSay hello.<|im_end|>\n<|im_start|>assistant\n"));
    }

    [Test]
    public async Task GetResponseAsync_PlainChat_SendsTheTemplatedPromptAndReportsUsage()
    {
        var response = await _client.GetResponseAsync(Conversation, new ChatOptions { MaxOutputTokens = 20, Seed = 3 });

        var sent = _logger.Entries.Where(e => e.Level == LogLevel.Trace).Select(e => e.State.FirstOrDefault(p => p.Key == "Prompt").Value as string).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent, Has.Member(_model.RenderPrompt(Conversation)));
            Assert.That(response.Messages, Has.Count.EqualTo(1));
            Assert.That(response.Messages[0].Role, Is.EqualTo(ChatRole.Assistant));
            Assert.That(response.Usage?.InputTokenCount, Is.EqualTo(_model.CountTokens(_model.RenderPrompt(Conversation))));
            Assert.That(response.Usage?.InputTokenCount, Is.GreaterThan(10));
            Assert.That(response.Usage?.OutputTokenCount, Is.InRange(1, 20));
            Assert.That(response.FinishReason, Is.Not.Null);
            Assert.That(response.ModelId, Is.EqualTo("tiny"));
        }
    }

    [Test]
    public async Task GetStreamingResponseAsync_PlainChat_EndsWithUsageAndFinishReason()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync(Conversation, new ChatOptions { MaxOutputTokens = 12, Seed = 5 }))
        {
            updates.Add(update);
        }

        var usage = updates[^1].Contents.OfType<UsageContent>().Single().Details;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(updates, Has.Count.EqualTo(usage.OutputTokenCount + 1));
            Assert.That(updates[^1].FinishReason, Is.Not.Null);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    [TestCase(7)]
    [TestCase(8)]
    public async Task GetResponseAsync_AdviceChatSchema_ReplyParsesForEverySeed(int seed)
    {
        var parser = new JsonObjectParser("advice_chat", [("user_message", "The user's message."), ("assistant_response", "The assistant's reply.")]);
        var options = new ChatOptions { MaxOutputTokens = 120, Seed = seed, Temperature = 1.0f, ResponseFormat = parser.ResponseFormat };

        var response = await _client.GetResponseAsync(Conversation, options);
        var parsed = parser.Parse(response.Text);

        Assert.That(parsed.Ok, Is.True, $"reply {response.Text} did not parse: {parsed.Error}");
        Assert.That(response.Usage?.OutputTokenCount, Is.LessThanOrEqualTo(120));
    }

    [TestCase(11)]
    [TestCase(12)]
    [TestCase(13)]
    public async Task GetResponseAsync_MixedSchema_ReplyHasEveryTypedField(int seed)
    {
        using var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
              "title":{"type":"string","minLength":1},
              "score":{"type":"integer"},
              "weight":{"type":"number"},
              "ok":{"type":"boolean"},
              "tone":{"enum":["calm","firm"]},
              "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3}
            },"required":["title"],"additionalProperties":false}
            """);
        var options = new ChatOptions { MaxOutputTokens = 200, Seed = seed, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "mixed") };

        var response = await _client.GetResponseAsync(Conversation, options);
        using var reply = JsonDocument.Parse(response.Text);
        var root = reply.RootElement;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("title").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(root.GetProperty("score").TryGetInt64(out _), Is.True);
            Assert.That(root.GetProperty("weight").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(root.GetProperty("ok").ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False));
            Assert.That(root.GetProperty("tone").GetString(), Is.AnyOf("calm", "firm"));
            Assert.That(root.GetProperty("tags").GetArrayLength(), Is.InRange(1, 3));
        }
    }

    [Test]
    public async Task GetResponseAsync_MoreRequestsThanContexts_AllCompleteWithinTheBound()
    {
        var requests = Enumerable.Range(0, 6).Select(i => _client.GetResponseAsync(Conversation, new ChatOptions { MaxOutputTokens = 10, Seed = i }));

        var responses = await Task.WhenAll(requests);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(responses.Select(r => r.Usage?.OutputTokenCount), Has.All.InRange(1, 10));
            Assert.That(_client.PeakInFlight, Is.InRange(1, 2));
        }
    }

    [Test]
    public void GetResponseAsync_PromptLongerThanContext_ThrowsNamingTheSetting()
    {
        var huge = new ChatMessage(ChatRole.User, new string('x', 3000));

        Assert.That(async () => await _client.GetResponseAsync([huge], new ChatOptions { MaxOutputTokens = 10 }),
            Throws.InvalidOperationException.With.Message.Contains("contextSize"));
    }

    [Test]
    public void Load_ModelWithoutChatTemplate_ThrowsConfigExceptionNamingTheFile()
    {
        var file = Path.Combine(_folder, "no-template.gguf");
        GgufWriter.Write(file, chatTemplate: null);

        var ex = Assert.Throws<ConfigException>(() => LocalModel.Load(file, new LocalModelOptions { ModelPath = file, ContextSize = 256 }, NullLogger.Instance));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.File, Is.EqualTo(file));
            Assert.That(ex.Message, Does.Contain("chat template"));
        }
    }

    [Test]
    public void Load_NotAGgufFile_ThrowsConfigExceptionNamingTheFile()
    {
        var file = Path.Combine(_folder, "garbage.gguf");
        File.WriteAllText(file, "not a model");

        var ex = Assert.Throws<ConfigException>(() => LocalModel.Load(file, new LocalModelOptions { ModelPath = file, ContextSize = 256 }, NullLogger.Instance));

        Assert.That(ex.File, Is.EqualTo(file));
    }
}
