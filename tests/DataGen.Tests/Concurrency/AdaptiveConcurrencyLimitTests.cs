using DataGen.Concurrency;
using Microsoft.Extensions.Time.Testing;

namespace DataGen.Tests.Concurrency;

public sealed class AdaptiveConcurrencyLimitTests
{
    [Test]
    public void OnRateLimited_ShrinksByAQuarter_OnSuccess_GrowsBackAdditivelyUnderTheCeiling()
    {
        var limit = new AdaptiveConcurrencyLimit(100, adaptive: true, time: new FakeTimeProvider()) { IncreaseAfter = 2 };

        limit.OnRateLimited();
        var shrunk = limit.Limit;
        for (var i = 0; i < 4; i++)
        {
            limit.OnSuccess();
        }

        var grown = limit.Limit;
        for (var i = 0; i < 200; i++)
        {
            limit.OnSuccess();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(shrunk, Is.EqualTo(75));
            Assert.That(grown, Is.EqualTo(75 + (2 * limit.IncreaseStep)), "two steps of 1/32 of the ceiling (3)");
            Assert.That(limit.Limit, Is.EqualTo(100));
        }
    }

    [Test]
    public void OnRateLimited_ABurstWithinTheWindow_ShrinksOnce()
    {
        var time = new FakeTimeProvider();
        var limit = new AdaptiveConcurrencyLimit(64, adaptive: true, time: time) { DecreaseWindow = TimeSpan.FromSeconds(5) };

        var decreased = Enumerable.Range(0, 50).Select(_ => limit.OnRateLimited()).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decreased.Count(d => d), Is.EqualTo(1));
            Assert.That(limit.Limit, Is.EqualTo(48));
            Assert.That(limit.Decreases, Is.EqualTo(1));
        }
    }

    [Test]
    public void OnRateLimited_ACallLetInBeforeTheLastDecrease_DoesNotShrinkAgain()
    {
        var time = new FakeTimeProvider();
        var limit = new AdaptiveConcurrencyLimit(64, adaptive: true, time: time) { DecreaseWindow = TimeSpan.Zero };
        var before = limit.AcquireAsync(CancellationToken.None).AsTask().Result;
        var alsoBefore = limit.AcquireAsync(CancellationToken.None).AsTask().Result;

        var first = limit.OnRateLimited(before.Epoch);
        var second = limit.OnRateLimited(alsoBefore.Epoch);
        var after = limit.AcquireAsync(CancellationToken.None).AsTask().Result;
        var third = limit.OnRateLimited(after.Epoch);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.True);
            Assert.That(second, Is.False, "the same congestion, already answered");
            Assert.That(third, Is.True, "a call let in after the decrease is a new signal");
            Assert.That(limit.Limit, Is.EqualTo(36));
        }
    }

    [Test]
    public void OnRateLimited_SustainedForMinutes_StopsAtTheConfiguredFloorNotOne()
    {
        var time = new FakeTimeProvider();
        var limit = new AdaptiveConcurrencyLimit(64, adaptive: true, minimum: 8, time: time);

        for (var i = 0; i < 200; i++)
        {
            limit.OnRateLimited();
            time.Advance(TimeSpan.FromSeconds(6));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limit.Limit, Is.EqualTo(8));
            Assert.That(limit.Lowest, Is.EqualTo(8));
        }
    }

    [Test]
    public void Constructor_NoMinimum_FloorIsAQuarterOfTheCeiling()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new AdaptiveConcurrencyLimit(64, adaptive: true).Minimum, Is.EqualTo(16));
            Assert.That(new AdaptiveConcurrencyLimit(512, adaptive: true).Minimum, Is.EqualTo(128));
            Assert.That(new AdaptiveConcurrencyLimit(1, adaptive: true).Minimum, Is.EqualTo(1));
            Assert.That(new AdaptiveConcurrencyLimit(4, adaptive: true, minimum: 100).Minimum, Is.EqualTo(4), "never above the ceiling");
        }
    }

    [Test]
    public void OnSuccess_AfterABurstOf429s_RecoversToTheCeiling()
    {
        var time = new FakeTimeProvider();
        var limit = new AdaptiveConcurrencyLimit(64, adaptive: true, time: time);
        for (var i = 0; i < 10; i++)
        {
            limit.OnRateLimited();
            time.Advance(TimeSpan.FromSeconds(6));
        }

        var low = limit.Limit;
        var successes = 0;
        while (limit.Limit < 64 && successes < 10_000)
        {
            limit.OnSuccess();
            successes++;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(low, Is.EqualTo(16), "the burst took it to the floor");
            Assert.That(limit.Limit, Is.EqualTo(64));
            Assert.That(successes, Is.EqualTo(240), "+2 per 10 successes from 16 to 64");
        }
    }

    [Test]
    public void OnRateLimited_NotAdaptive_KeepsTheCeiling()
    {
        var limit = new AdaptiveConcurrencyLimit(64, adaptive: false);

        var decreased = limit.OnRateLimited();

        Assert.That((decreased, limit.Limit), Is.EqualTo((false, 64)));
    }

    [Test]
    public async Task AcquireAsync_AtTheLimit_WaitsUntilASlotIsReleased()
    {
        var limit = new AdaptiveConcurrencyLimit(2, adaptive: true);
        var a = await limit.AcquireAsync(CancellationToken.None);
        using var b = await limit.AcquireAsync(CancellationToken.None);

        var waiting = limit.AcquireAsync(CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False);
        a.Dispose();
        using var c = await waiting;

        Assert.That(limit.InFlight, Is.EqualTo(2));
    }

    [Test]
    public async Task TryAcquireAsync_NoSlotWithinTheTimeout_ReturnsNullAndHoldsNothing()
    {
        var time = new FakeTimeProvider();
        var limit = new AdaptiveConcurrencyLimit(1, adaptive: false, time: time);
        var held = await limit.AcquireAsync(CancellationToken.None);

        var waiting = limit.TryAcquireAsync(TimeSpan.FromSeconds(10), CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(10));
        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        held.Dispose();
        using var next = await limit.AcquireAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.Null);
            Assert.That(limit.InFlight, Is.EqualTo(1), "the timed-out waiter was skipped, the next caller got the slot");
        }
    }

    [Test]
    public void AcquireAsync_Cancelled_Throws()
    {
        var limit = new AdaptiveConcurrencyLimit(1, adaptive: false);
        using var held = limit.AcquireAsync(CancellationToken.None).AsTask().Result;
        using var cts = new CancellationTokenSource();
        var waiting = limit.AcquireAsync(cts.Token).AsTask();

        cts.Cancel();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
    }
}
