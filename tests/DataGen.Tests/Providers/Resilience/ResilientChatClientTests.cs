using DataGen.Configuration;
using DataGen.Providers.Resilience;
using DataGen.Store;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DataGen.Tests.Providers.Resilience;

public sealed class ResilientChatClientTests
{
    private static readonly ChatMessage[] Request = [new(ChatRole.User, "hello")];

    [Test]
    public async Task GetResponseAsync_429WithRetryAfter_WaitsExactlyThatLongBeforeRetrying()
    {
        var time = new FakeTimeProvider();
        var inner = new ScriptedChatClient(new ProviderHttpException(429, TimeSpan.FromSeconds(30), "slow down"));
        using var client = Build(time, new ProviderOptions { MaxRetries = 3 }, new ResilienceOptions { BaseDelayMs = 1 }, inner);

        var call = client.GetResponseAsync(Request);
        await WaitUntil(() => inner.Calls == 1);
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        Assert.That(inner.Calls, Is.EqualTo(1), "retried before Retry-After elapsed");

        time.Advance(TimeSpan.FromSeconds(1));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(response.Text, Is.EqualTo("ok"));
        Assert.That(inner.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task GetResponseAsync_OneEndpointFailing_CallsAreRoutedToTheOtherAndFiguresKeptPerEndpoint()
    {
        var time = TimeProvider.System;
        var broken = new ScriptedChatClient(Enumerable.Repeat<Exception>(new ProviderHttpException(500, null, "down"), 1000).ToArray());
        var healthy = new ScriptedChatClient();
        var provider = new ProviderOptions { MaxRetries = 4, Concurrency = 8 };
        var resilience = new ResilienceOptions { BaseDelayMs = 1, BreakerMinimumThroughput = 4, BreakerBreakSeconds = 60 };
        using var client = new ResilientChatClient(
            [Endpoint("a", broken, provider, resilience, time), Endpoint("b", healthy, provider, resilience, time)],
            provider, resilience, NullLogger<ResilientChatClient>.Instance, time);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetResponseAsync(Request)));

        var stats = client.Endpoints.Select(e => e.Stats()).ToDictionary(s => s.Name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(responses.Select(r => r.Text), Is.All.EqualTo("ok"));
            Assert.That(responses.Select(r => r.AdditionalProperties![RecordingChatClient.EndpointKey]), Is.All.EqualTo("b"));
            Assert.That(stats["b"].Succeeded, Is.EqualTo(40));
            Assert.That(stats["a"].Failed, Is.GreaterThan(0).And.LessThan(40), "the open circuit stops calls to the broken endpoint");
            Assert.That(stats["a"].BreakerOpened, Is.GreaterThanOrEqualTo(1));
        }
    }

    [Test]
    public async Task GetResponseAsync_TwoEndpoints_CallsInFlightAcrossBothStayAtTheCeiling()
    {
        var time = TimeProvider.System;
        var gauge = new InFlightGauge();
        var provider = new ProviderOptions { Concurrency = 4 };
        var resilience = new ResilienceOptions();
        using var client = new ResilientChatClient(
            [Endpoint("a", new SlowChatClient(gauge), provider, resilience, time), Endpoint("b", new SlowChatClient(gauge), provider, resilience, time)],
            provider, resilience, NullLogger<ResilientChatClient>.Instance, time);

        // Each endpoint alone would take 4; the ceiling is for the provider, so both together hold 4.
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetResponseAsync(Request)));

        Assert.That(responses.Select(r => r.Text), Is.All.EqualTo("ok"));
        Assert.That(gauge.Peak, Is.EqualTo(4));
    }

    [Test]
    public async Task GetResponseAsync_RateLimitedLongerThanTheBound_FailsWithPaused()
    {
        var time = new FakeTimeProvider();
        var inner = new ScriptedChatClient(Enumerable.Repeat<Exception>(new ProviderHttpException(429, TimeSpan.FromSeconds(10), "slow down"), 100).ToArray());
        using var client = Build(time, new ProviderOptions { MaxRetries = 10, TotalTimeoutSeconds = 3600 }, new ResilienceOptions { MaxRateLimitedSeconds = 25, BaseDelayMs = 1 }, inner);

        var call = client.GetResponseAsync(Request);
        for (var i = 0; i < 5 && !call.IsCompleted; i++)
        {
            await WaitUntil(() => inner.Calls == i + 1 || call.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.That(async () => await call.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<ProviderPausedException>().With.Message.Contains("maxRateLimitedSeconds"));
        Assert.That(inner.Calls, Is.EqualTo(3));
    }

    private static ResilientChatClient Build(TimeProvider time, ProviderOptions provider, ResilienceOptions resilience, IChatClient inner) =>
        new([Endpoint("only", inner, provider, resilience, time)], provider, resilience, NullLogger<ResilientChatClient>.Instance, time);

    private static EndpointChatClient Endpoint(string name, IChatClient inner, ProviderOptions provider, ResilienceOptions resilience, TimeProvider time) =>
        new(inner, name, provider, resilience, null, null, NullLogger.Instance, time);

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, "condition not reached");
    }

    private sealed class InFlightGauge
    {
        private int _now;
        private int _peak;

        public int Peak => Volatile.Read(ref _peak);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _now);
            for (var peak = Peak; now > peak && Interlocked.CompareExchange(ref _peak, now, peak) != peak; peak = Peak)
            {
            }
        }

        public void Leave() => Interlocked.Decrement(ref _now);
    }

    /// <summary>Answers "ok" after 20 ms, counting the calls in flight across every instance sharing the gauge.</summary>
    private sealed class SlowChatClient(InFlightGauge gauge) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            gauge.Enter();
            try
            {
                await Task.Delay(20, cancellationToken);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
            }
            finally
            {
                gauge.Leave();
            }
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>Throws the given faults in order, then answers "ok".</summary>
    private sealed class ScriptedChatClient(params Exception[] faults) : IChatClient
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var n = Interlocked.Increment(ref _calls);
            return n <= faults.Length
                ? Task.FromException<ChatResponse>(faults[n - 1])
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
