using DataGen.Configuration;
using DataGen.Pipeline;

namespace DataGen.Tests.Pipeline;

public sealed class RunGuardTests
{
    [Test]
    public void RecordSample_FailureRateOverTheBoundInAFullWindow_StopsWithReason()
    {
        using var guard = new RunGuard(new BudgetOptions { FailureWindow = 10, MaxFailureRate = 0.5 }, CancellationToken.None);

        for (var i = 0; i < 9; i++)
        {
            guard.RecordSample(failed: true);
        }

        Assert.That(guard.Stopping.IsCancellationRequested, Is.False, "window not full yet");
        guard.RecordSample(failed: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(guard.Stopping.IsCancellationRequested, Is.True);
            Assert.That(guard.Status, Is.EqualTo(RunGuard.FailureRate));
            Assert.That(guard.Message, Does.Contain("10 of the last 10"));
        }
    }

    [Test]
    public void RecordSample_FailuresBelowTheBound_KeepsRunning()
    {
        using var guard = new RunGuard(new BudgetOptions { FailureWindow = 4, MaxFailureRate = 0.5 }, CancellationToken.None);

        for (var i = 0; i < 100; i++)
        {
            guard.RecordSample(failed: i % 2 == 0);
        }

        Assert.That(guard.Status, Is.Null);
    }

    [Test]
    public void CheckCost_CapReached_StopsAsBudgetExceeded()
    {
        using var guard = new RunGuard(new BudgetOptions { MaxCost = 1.5m }, CancellationToken.None);

        guard.CheckCost(1.49m);
        Assert.That(guard.Status, Is.Null);
        guard.CheckCost(1.5m);

        Assert.That(guard.Status, Is.EqualTo(RunGuard.BudgetExceeded));
        Assert.That(guard.Message, Does.Contain("raise the cap"));
    }
}
