using System.Diagnostics;
using System.Globalization;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;

namespace DataGen.Tests.Scale;

/// <summary><c>launch local</c> as a real process: stopping it (SIGINT, SIGTERM, or SIGKILL) leaves no worker behind, checked in the process table.</summary>
public sealed class LaunchLocalSignalTests
{
    [TestCase("INT")]
    [TestCase("TERM")]
    [TestCase("KILL")]
    public async Task LaunchLocal_Signalled_LeavesNoWorkerProcess(string signal)
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with { Latency = new LatencyOptions { MeanMs = 300 } });
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var output = dir.Combine("out-" + signal.ToLowerInvariant());
        using var launcher = ScaleRun.StartInterruptible(["launch", "local", "--config", config, "--out", output, "--limit", "30", "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--workers", "2", "--shards", "2"]);
        var stdout = launcher.StandardOutput.ReadToEndAsync();
        var stderr = launcher.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (Workers(output, launcher.Id).Count == 0 && !launcher.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(50);
        }

        var workersSeen = Workers(output, launcher.Id);
        Assert.That(workersSeen, Is.Not.Empty, $"a worker was started before the signal\n{(launcher.HasExited ? await stderr : string.Empty)}");
        using (var kill = Process.Start("kill", [$"-{signal}", launcher.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await launcher.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        // A launcher killed outright cannot stop its workers: they notice it is gone (polled every 0.5 s) and stop.
        var left = Workers(output, launcher.Id);
        for (var i = 0; i < 200 && left.Count > 0; i++)
        {
            await Task.Delay(50);
            left = Workers(output, launcher.Id);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(launcher.ExitCode, Is.Not.Zero, "a stopped launch is not a success");
            Assert.That(left, Is.Empty, $"worker processes left running: {string.Join(", ", left)}\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>Pids of processes (other than the launcher) whose command line names the output folder: the workers.</summary>
    private static List<int> Workers(string output, int launcher)
    {
        var pids = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) || pid == launcher || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(output, StringComparison.Ordinal) && commandLine.Contains("--stage", StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return pids;
    }
}
