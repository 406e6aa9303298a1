using DataGen.Configuration;
using DataGen.Output;
using DataGen.Simulator;
using DataGen.Tests.Support;

namespace DataGen.Tests.Cli;

/// <summary>One writer per output folder: <c>datagen run</c> holds the folder's lock for the whole run.</summary>
public sealed class RunLockTests
{
    [Test]
    public async Task Run_SecondRunOnTheSameFolder_ExitsOneAtOnceNamingTheFirst()
    {
        var simulator = SimulatorOptions.Clean with { Latency = new LatencyOptions { MeanMs = 300 } };
        await using var server = await SimulatorHttpServer.StartAsync(simulator);
        using var dir = new TempDirectory();
        var output = dir.Combine("out");
        string[] args = ["run", "--config", TestPaths.PipelineJson, "--out", output, "--limit", "8", "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m"];
        var first = Task.Run(() => CliRun.InvokeAsync(args));
        var holder = Path.Combine(output, OutputFolderLock.HolderFile);
        for (var i = 0; i < 400 && !File.Exists(holder) && !first.IsCompleted; i++)
        {
            await Task.Delay(25);
        }

        var requestsBefore = server.Requests;
        var second = await CliRun.InvokeAsync(args);
        var stillRunning = !first.IsCompleted;
        var firstRun = await first;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stillRunning, Is.True, "the second run started while the first held the folder");
            Assert.That(second.ExitCode, Is.EqualTo(1), second.ToString());
            Assert.That(second.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
            Assert.That(second.Stderr, Does.StartWith($"error: {output}: another datagen run is writing this output folder (pid {Environment.ProcessId} on host {Environment.MachineName} since ")
                .And.Contains("use another --out"));
            Assert.That(second.Stdout, Is.Empty, "the second run wrote nothing");
            Assert.That(Directory.GetFiles(Path.Combine(output, "logs")), Has.Length.EqualTo(1), "only the first run's log");
            Assert.That(firstRun.ExitCode, Is.Zero, firstRun.ToString());
            Assert.That(server.Requests, Is.GreaterThan(requestsBefore), "the first run went on");
            Assert.That(File.Exists(holder), Is.False, "the finished run let go of the folder");
        }
    }
}
