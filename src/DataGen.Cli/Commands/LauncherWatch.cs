using System.Diagnostics;
using System.Globalization;

namespace DataGen.Cli.Commands;

/// <summary>
/// Ties a worker to the <c>launch local</c> process that started it: the launcher names itself in
/// <see cref="Variable"/>, and the worker cancels its task (no commit, the shard is rerun later) as soon as that process
/// is gone, so even a launcher killed with SIGKILL leaves no worker running as an orphan.
/// </summary>
internal static class LauncherWatch
{
    /// <summary>Environment variable holding the launcher's pid.</summary>
    public const string Variable = "DATAGEN_LAUNCHER_PID";

    /// <summary>A token cancelled by <paramref name="cancellationToken"/> or by the launcher's death; the source is the caller's to dispose.</summary>
    public static CancellationTokenSource Link(CancellationToken cancellationToken)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return linked;
        }

        _ = Task.Run(async () =>
        {
            while (!linked.IsCancellationRequested)
            {
                if (!IsRunning(pid))
                {
                    await linked.CancelAsync();
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
        }, CancellationToken.None);
        return linked;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
