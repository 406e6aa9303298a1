using DataGen.Concurrency;

namespace DataGen.Tests.Concurrency;

public sealed class AdaptiveConcurrencyLimitTests
{
    [Test]
    public void OnRateLimited_ShrinksByAQuarter_OnSuccess_GrowsBackByOneUnderTheCeiling()
    {
        var limit = new AdaptiveConcurrencyLimit(100, adaptive: true) { IncreaseAfter = 2 };

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
            Assert.That(grown, Is.EqualTo(77));
            Assert.That(limit.Limit, Is.EqualTo(100));
        }
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
