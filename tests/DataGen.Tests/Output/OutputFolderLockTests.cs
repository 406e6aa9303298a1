using System.Diagnostics;
using System.Text.Json;
using DataGen.Output;
using DataGen.Tests.Support;

namespace DataGen.Tests.Output;

public sealed class OutputFolderLockTests
{
    [Test]
    public void Acquire_FolderAlreadyLocked_ThrowsNamingTheHolder()
    {
        using var dir = new TempDirectory();
        using var first = OutputFolderLock.Acquire(dir.Combine("out"), TimeProvider.System);

        var second = Assert.Throws<OutputFolderLockedException>(() => OutputFolderLock.Acquire(dir.Combine("out"), TimeProvider.System));

        Assert.That(second!.Message, Does.Contain($"pid {Environment.ProcessId} on host {Environment.MachineName}").And.Contain(dir.Combine("out")));
    }

    [Test]
    public void Acquire_AfterTheHolderReleased_Succeeds()
    {
        using var dir = new TempDirectory();
        OutputFolderLock.Acquire(dir.Combine("out"), TimeProvider.System).Dispose();

        using var again = OutputFolderLock.Acquire(dir.Combine("out"), TimeProvider.System);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.TakenOver, Is.Null, "a released lock leaves no holder behind");
            Assert.That(OutputFolderLock.ReadHolder(dir.Combine("out", OutputFolderLock.HolderFile))!.Pid, Is.EqualTo(Environment.ProcessId));
        }
    }

    [Test]
    public async Task Acquire_LockLeftByAKilledProcess_IsTakenOverAndTheOldHolderReported()
    {
        using var dir = new TempDirectory();
        var folder = dir.Combine("out");
        Directory.CreateDirectory(folder);
        // Another process takes the OS lock (flock(1), the same lock .NET takes; -o so that only flock itself holds it, not
        // its sleep child, which would outlive a kill by a moment) and records itself, then is killed.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-o", Path.Combine(folder, OutputFolderLock.LockFile), "sleep", "60"]))!;
        await WaitUntilLockedAsync(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, OutputFolderLock.HolderFile),
            JsonSerializer.Serialize(new { pid = holder.Id, host = "worker-7", since = DateTimeOffset.UnixEpoch }));
        Assert.That(() => OutputFolderLock.Acquire(folder, TimeProvider.System), Throws.TypeOf<OutputFolderLockedException>().With.Message.Contains($"pid {holder.Id} on host worker-7"));

        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();
        using var taken = OutputFolderLock.Acquire(folder, TimeProvider.System);

        Assert.That(taken.TakenOver, Is.EqualTo(new LockHolder(holder.Id, "worker-7", DateTimeOffset.UnixEpoch)));
    }

    [Test]
    public void Acquire_OutIsAFile_ThrowsIOExceptionNamingThePath()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("out"), "not a folder");

        Assert.That(() => OutputFolderLock.Acquire(dir.Combine("out"), TimeProvider.System),
            Throws.TypeOf<IOException>().With.Message.StartsWith(dir.Combine("out") + ": cannot use as the output folder"));
    }

    private static async Task WaitUntilLockedAsync(string folder)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                OutputFolderLock.Acquire(folder, TimeProvider.System).Dispose();
            }
            catch (OutputFolderLockedException)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("flock never took the lock");
    }
}
