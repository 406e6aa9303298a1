using DataGen.Concurrency;

namespace DataGen.Tests.Concurrency;

public sealed class AsyncStreamConcurrencyTests
{
    [Test]
    public async Task SelectConcurrentAsync_KeepsSourceOrderWhateverTheCompletionOrder()
    {
        var source = Enumerable.Range(0, 50).ToAsyncEnumerable();

        var results = await source.SelectConcurrentAsync(8, async (i, ct) =>
        {
            await Task.Delay((50 - i) % 7, ct);
            return i * 2;
        }).ToListAsync();

        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 50).Select(i => i * 2)));
    }

    [Test]
    public async Task SelectConcurrentAsync_NeverExceedsMaxInFlight()
    {
        var inFlight = 0;
        var peak = 0;

        await Enumerable.Range(0, 100).ToAsyncEnumerable().SelectConcurrentAsync(5, async (i, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(1, ct);
            Interlocked.Decrement(ref inFlight);
            return i;
        }).ToListAsync();

        Assert.That(peak, Is.InRange(2, 5));
    }

    [Test]
    public void SelectConcurrentAsync_SelectorThrows_TheErrorReachesTheConsumer()
    {
        var stream = Enumerable.Range(0, 20).ToAsyncEnumerable().SelectConcurrentAsync(4, async (i, ct) =>
        {
            await Task.Yield();
            return i == 7 ? throw new InvalidOperationException("boom") : i;
        });

        Assert.That(async () => await stream.ToListAsync(), Throws.InvalidOperationException.With.Message.EqualTo("boom"));
    }

    [Test]
    public void SelectConcurrentAsync_Cancelled_Stops()
    {
        using var cts = new CancellationTokenSource();
        var stream = Enumerable.Range(0, 1000).ToAsyncEnumerable().SelectConcurrentAsync(4, async (i, ct) =>
        {
            if (i == 10)
            {
                await cts.CancelAsync();
            }

            await Task.Delay(1, ct);
            return i;
        }, cts.Token);

        Assert.That(async () => await stream.ToListAsync(), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task SelectConcurrentAsync_EmptySource_YieldsNothing()
    {
        var results = await AsyncEnumerable.Empty<int>().SelectConcurrentAsync(3, (i, _) => Task.FromResult(i)).ToListAsync();

        Assert.That(results, Is.Empty);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
