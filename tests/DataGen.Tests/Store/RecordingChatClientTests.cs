using DataGen.Store;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace DataGen.Tests.Store;

public sealed class RecordingChatClientTests
{
    private static readonly ChatMessage[] Request = [new(ChatRole.System, "Constitution excerpt"), new(ChatRole.User, "Write about honesty")];

    [Test]
    public async Task GetResponseAsync_AnsweredBefore_IsReplayedWithoutCallingTheProvider()
    {
        using var dir = new TempDirectory();
        var inner = new FakeChatClient("first answer");
        using (var store = ResponseStore.Open(dir.Combine("r.db")))
        using (var client = new RecordingChatClient(inner, store, "openai", "m", new FakeTimeProvider()))
        {
            await client.GetResponseAsync(Request, new ChatOptions { Temperature = 0.9f, Seed = 7 });
        }

        using var reopened = ResponseStore.Open(dir.Combine("r.db"));
        using var again = new RecordingChatClient(inner, reopened, "openai", "m", new FakeTimeProvider());
        var replay = await again.GetResponseAsync(Request, new ChatOptions { Temperature = 0.9f, Seed = 7 });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inner.Requests, Has.Count.EqualTo(1));
            Assert.That(replay.Text, Is.EqualTo("first answer"));
            Assert.That(replay.AdditionalProperties![RecordingChatClient.ReplayedKey], Is.True);
            Assert.That(replay.Usage!.InputTokenCount, Is.EqualTo(10));
            Assert.That(reopened.Count(), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task GetResponseAsync_AnsweredBeforeWithPromptCacheUsage_ReplayReportsTheOriginalCacheReadsAndWrites()
    {
        using var dir = new TempDirectory();
        var inner = new FakeChatClient("first answer")
        {
            Usage = new UsageDetails
            {
                InputTokenCount = 1300,
                OutputTokenCount = 50,
                CachedInputTokenCount = 1000,
                AdditionalCounts = new AdditionalPropertiesDictionary<long> { ["CacheCreationInputTokens"] = 200 },
            },
        };
        using (var store = ResponseStore.Open(dir.Combine("r.db")))
        using (var client = new RecordingChatClient(inner, store, "anthropic", "m", new FakeTimeProvider()))
        {
            await client.GetResponseAsync(Request);
        }

        using var reopened = ResponseStore.Open(dir.Combine("r.db"));
        using var again = new RecordingChatClient(inner, reopened, "anthropic", "m", new FakeTimeProvider());
        var replay = await again.GetResponseAsync(Request);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inner.Requests, Has.Count.EqualTo(1));
            Assert.That(replay.Usage!.InputTokenCount, Is.EqualTo(1300));
            Assert.That(replay.Usage.CachedInputTokenCount, Is.EqualTo(1000));
            Assert.That(replay.Usage.AdditionalCounts?.GetValueOrDefault("CacheCreationInputTokens"), Is.EqualTo(200),
                "the key the Anthropic SDK's chat client reports cache_creation_input_tokens under");
        }
    }

    [Test]
    public async Task GetResponseAsync_ProviderFails_NothingIsStored()
    {
        using var dir = new TempDirectory();
        using var store = ResponseStore.Open(dir.Combine("r.db"));
        using var client = new RecordingChatClient(new ThrowingChatClient(), store, "openai", "m", new FakeTimeProvider());

        Assert.That(async () => await client.GetResponseAsync(Request), Throws.InstanceOf<HttpRequestException>());
        Assert.That(store.Count(), Is.Zero);
    }

    [Test]
    public void Compute_SameRequest_SameKey_AnyChangedPart_NewKey()
    {
        var options = new ChatOptions { Temperature = 0.9f, MaxOutputTokens = 100, Seed = 1 };
        var key = RequestKey.Compute("openai", "m", Request, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(RequestKey.Compute("openai", "m", [.. Request], options.Clone()), Is.EqualTo(key));
            Assert.That(key, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(RequestKey.Compute("anthropic", "m", Request, options), Is.Not.EqualTo(key));
            Assert.That(RequestKey.Compute("openai", "m2", Request, options), Is.Not.EqualTo(key));
            Assert.That(RequestKey.Compute("openai", "m", [Request[0], new(ChatRole.User, "Write about candour")], options), Is.Not.EqualTo(key));
            Assert.That(RequestKey.Compute("openai", "m", Request, new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 100, Seed = 1 }), Is.Not.EqualTo(key));
            Assert.That(RequestKey.Compute("openai", "m", Request, new ChatOptions { Temperature = 0.9f, MaxOutputTokens = 100, Seed = 2 }), Is.Not.EqualTo(key));
        }
    }

    private sealed class ThrowingChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("down");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
