using DataGen.Configuration;
using DataGen.Providers;
using DataGen.Providers.Resilience;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Providers.Resilience;

/// <summary>The anthropic provider over loopback HTTP: the SDK hides headers, so Retry-After is read at the HTTP handler.</summary>
public sealed class AnthropicRetryAfterHandlerTests
{
    private const string KeyVariable = "DATAGEN_TEST_ANTHROPIC_RETRY_KEY";

    [SetUp]
    public void SetKey() => Environment.SetEnvironmentVariable(KeyVariable, "test-key-not-secret");

    [TearDown]
    public void ClearKey() => Environment.SetEnvironmentVariable(KeyVariable, null);

    [Test]
    public async Task GetResponseAsync_429WithRetryAfter_TheFaultCarriesTheWaitTheServerAskedFor()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.RateLimitNext = 1;
        server.RetryAfter = "7";
        using var client = ChatClientFactory.Create(Options(server, maxRetries: 0), NullLoggerFactory.Instance);

        var ex = await Assert.ThrowsAsync(Is.InstanceOf<Exception>(), () => client.GetResponseAsync("hello"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(RetryAfterHint.From(ex!, TimeProvider.System), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(TransientFaults.IsTransient(ex!), Is.True);
            Assert.That(TransientFaults.StatusOf(ex!), Is.EqualTo(429));
        }
    }

    [Test]
    public async Task GetResponseAsync_429WithoutRetryAfter_LeavesTheFaultToTheSdkWithNoWait()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.RateLimitNext = 1;
        using var client = ChatClientFactory.Create(Options(server, maxRetries: 0), NullLoggerFactory.Instance);

        var ex = await Assert.ThrowsAsync(Is.InstanceOf<Exception>(), () => client.GetResponseAsync("hello"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex, Is.Not.InstanceOf<ProviderHttpException>());
            Assert.That(RetryAfterHint.From(ex!, TimeProvider.System), Is.Null);
            Assert.That(TransientFaults.StatusOf(ex!), Is.EqualTo(429));
        }
    }

    [Test]
    public async Task GetResponseAsync_429ThenSuccess_RetriesAfterTheServersWaitAndAnswers()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.RateLimitNext = 1;
        server.RetryAfter = "1";
        using var client = ChatClientFactory.Create(Options(server, maxRetries: 2), NullLoggerFactory.Instance);
        var started = TimeProvider.System.GetTimestamp();

        var response = await client.GetResponseAsync("hello");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Text, Is.Not.Empty);
            Assert.That(server.Requests, Has.Count.EqualTo(2));
            // The base delay is far shorter than a second: only the server's Retry-After explains the wait.
            Assert.That(TimeProvider.System.GetElapsedTime(started), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)));
        }
    }

    private static PipelineOptions Options(FakeAnthropicServer server, int maxRetries)
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
                MaxRetries = maxRetries,
            },
            Resilience = shipped.Resilience with { BaseDelayMs = 10 },
        };
    }
}
