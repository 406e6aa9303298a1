using System.Collections.Concurrent;
using DataGen.Configuration;
using DataGen.Providers.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DataGen.Tests.Providers.Resilience;

public sealed class HungCallWatchTests
{
    private static readonly ChatMessage[] Request = [new(ChatRole.User, "hello")];

    [Test]
    public async Task Find_CallsPastFactorTimesMeanLatency_ReportsCountOldestAndEndpoint()
    {
        var time = new FakeTimeProvider();
        var inner = new GatedChatClient();
        var endpoint = Endpoint("api-a", inner, time, concurrency: 8);
        var watch = new HungCallWatch([endpoint], factor: 5, floor: TimeSpan.FromSeconds(1));

        // One answer after 2 s: mean latency 2 s, so the threshold is 10 s.
        var first = endpoint.GetResponseAsync(Request);
        await WaitUntil(() => inner.Waiting == 1);
        time.Advance(TimeSpan.FromSeconds(2));
        inner.ReleaseAll();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        var a = endpoint.GetResponseAsync(Request);
        await WaitUntil(() => inner.Waiting == 1);
        time.Advance(TimeSpan.FromSeconds(3));
        var b = endpoint.GetResponseAsync(Request);
        await WaitUntil(() => inner.Waiting == 2);
        time.Advance(TimeSpan.FromSeconds(7));
        var atThreshold = watch.Find();
        time.Advance(TimeSpan.FromSeconds(1));
        var one = watch.Find();
        time.Advance(TimeSpan.FromSeconds(3));
        var two = watch.Find();
        inner.ReleaseAll();
        await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(10));
        var after = watch.Find();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(atThreshold, Is.Null, "10 s is the threshold itself, not past it");
            Assert.That(one, Is.EqualTo(new HungCalls { Count = 1, Oldest = TimeSpan.FromSeconds(11), Endpoint = "api-a", Threshold = TimeSpan.FromSeconds(10) }));
            Assert.That(two, Is.EqualTo(new HungCalls { Count = 2, Oldest = TimeSpan.FromSeconds(14), Endpoint = "api-a", Threshold = TimeSpan.FromSeconds(10) }));
            Assert.That(after, Is.Null, "answered calls are no longer in flight");
        }
    }

    [Test]
    public async Task Find_BeforeTheFirstAnswer_TheFloorIsTheThreshold()
    {
        var time = new FakeTimeProvider();
        var inner = new GatedChatClient();
        var endpoint = Endpoint("api-a", inner, time, concurrency: 8);
        var watch = new HungCallWatch([endpoint], factor: 5, floor: TimeSpan.FromSeconds(30));

        var call = endpoint.GetResponseAsync(Request);
        await WaitUntil(() => inner.Waiting == 1);
        time.Advance(TimeSpan.FromSeconds(29));
        var early = watch.Find();
        time.Advance(TimeSpan.FromSeconds(2));
        var late = watch.Find();
        inner.ReleaseAll();
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(early, Is.Null);
            Assert.That(late?.Count, Is.EqualTo(1));
            Assert.That(late?.Threshold, Is.EqualTo(TimeSpan.FromSeconds(30)));
        }
    }

    [Test]
    public async Task Find_CallQueuedForASlot_IsNotCountedAsHung()
    {
        var time = new FakeTimeProvider();
        var inner = new GatedChatClient();
        var endpoint = Endpoint("api-a", inner, time, concurrency: 1);
        var watch = new HungCallWatch([endpoint], factor: 5, floor: TimeSpan.FromSeconds(5));

        var held = endpoint.GetResponseAsync(Request);
        await WaitUntil(() => inner.Waiting == 1);
        var queued = endpoint.GetResponseAsync(Request);
        await Task.Delay(50);
        time.Advance(TimeSpan.FromSeconds(20));
        var hung = watch.Find();
        inner.ReleaseAll();
        await held.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntil(() => inner.Waiting == 1);
        inner.ReleaseAll();
        await queued.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(hung?.Count, Is.EqualTo(1), "only the call the endpoint holds is hung; the one waiting for its slot is not");
    }

    private static EndpointChatClient Endpoint(string name, IChatClient inner, TimeProvider time, int concurrency) =>
        new(inner, name, new ProviderOptions { Concurrency = concurrency, TimeoutSeconds = 600 }, new ResilienceOptions(), null, null, NullLogger.Instance, time);

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, "condition not reached");
    }

    /// <summary>Holds every call until the test releases it.</summary>
    private sealed class GatedChatClient : IChatClient
    {
        private readonly ConcurrentQueue<TaskCompletionSource> _gates = new();

        public int Waiting => _gates.Count;

        public void ReleaseAll()
        {
            while (_gates.TryDequeue(out var gate))
            {
                gate.SetResult();
            }
        }

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _gates.Enqueue(gate);
            await gate.Task.WaitAsync(cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
