using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataGen.Tests.Support;

namespace DataGen.Tests.Cli;

/// <summary>
/// The live progress view on a real pseudo-terminal: <c>datagen run</c> runs inside a detached tmux session (tmux is
/// the terminal emulator; its screen and scrollback are what a person would see) against a loopback model server on
/// which one call hangs. The test reads tmux's rendered screen, not the bytes the program wrote.
/// </summary>
[NonParallelizable]
public sealed partial class LiveViewTerminalTests
{
    private const double HungFloorSeconds = 3;

    [Test]
    public async Task Run_OnATerminalWithOneHungCall_WarnsWithinTheFloorAndLeavesNoStaleProgressRows()
    {
        var tmux = FindOnPath("tmux");
        if (tmux is null)
        {
            Assert.Ignore("tmux is not installed: this test needs a pseudo-terminal emulator (Debian package tmux)");
        }

        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["progress"] = new JsonObject { ["hungCallFactor"] = 5, ["hungCallMinSeconds"] = HungFloorSeconds };
        await File.WriteAllTextAsync(config, json.ToJsonString());

        using var release = new ManualResetEventSlim();
        var requests = 0;
        long hungSince = 0;
        await using var server = await ScriptedReplyServer.StartAsync(_ =>
        {
            // The fifth request hangs until the test has seen the warning (or 60 s pass); every other one is answered at once.
            if (Interlocked.Increment(ref requests) == 5)
            {
                Interlocked.Exchange(ref hungSince, Stopwatch.GetTimestamp());
                release.Wait(TimeSpan.FromSeconds(60));
            }

            return null;
        });

        var socket = dir.Combine("tmux.sock");
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "datagen.dll");
        var command = $"dotnet '{dll}' run --config '{config}' --out '{dir.Combine("out")}' --limit 3 --provider openai --endpoint '{server.BaseUrl}' --model scripted-model; echo DATAGEN-EXIT=$?; sleep 600";
        await Tmux(tmux, socket, "new-session", "-d", "-s", "live", "-x", "220", "-y", "50", command);
        try
        {
            // The warning: within the floor plus the reporter's half-second tick and some slack for a loaded machine.
            string? screen = null;
            var warnedAfter = TimeSpan.Zero;
            for (var i = 0; i < 600; i++)
            {
                await Task.Delay(100);
                screen = await Capture(tmux, socket);
                if (Interlocked.Read(ref hungSince) != 0 && screen.Contains("HUNG: 1 call in flight", StringComparison.Ordinal))
                {
                    warnedAfter = Stopwatch.GetElapsedTime(Interlocked.Read(ref hungSince));
                    break;
                }
            }

            Assert.That(screen, Does.Contain("HUNG: 1 call in flight"), "no hung-call row on screen:\n" + screen);
            Assert.That(warnedAfter.TotalSeconds, Is.GreaterThanOrEqualTo(HungFloorSeconds - 0.2).And.LessThan(HungFloorSeconds + 5), screen);
            release.Set();

            for (var i = 0; i < 1800 && !screen!.Contains("DATAGEN-EXIT=", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
                screen = await Capture(tmux, socket);
            }

            Assert.That(screen, Does.Contain("DATAGEN-EXIT=0"), screen);
            await TestContext.Out.WriteLineAsync(screen);
            var lines = screen!.Split('\n').Select(l => l.TrimEnd()).ToList();
            var kindRows = lines.Select((line, index) => (line, index)).Where(l => KindRow().IsMatch(l.line)).ToList();
            var logLines = lines.Select((line, index) => (line, index)).Where(l => LogLine().IsMatch(l.line)).ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(kindRows.Select(r => KindRow().Match(r.line).Groups["kind"].Value), Is.EqualTo(new[] { "documents", "stories", "advice_chats" }),
                    "each kind's progress row appears once in the whole scrollback:\n" + screen);
                Assert.That(lines.Count(l => l.StartsWith("run total:", StringComparison.Ordinal)), Is.EqualTo(1), screen);
                Assert.That(lines.Count(l => l.StartsWith("HUNG:", StringComparison.Ordinal)), Is.Zero, "the hung row leaves the final view once the call is answered");
                Assert.That(logLines.Count(l => l.line.Contains("past the hung threshold", StringComparison.Ordinal)), Is.EqualTo(1), "the warning is logged once, above the live rows");
                Assert.That(logLines, Has.Count.GreaterThan(3), "log lines were printed while the live rows were shown");
                Assert.That(kindRows.Min(r => r.index), Is.GreaterThan(logLines.Max(l => l.index)), "the progress rows stay below every log line:\n" + screen);
            }
        }
        finally
        {
            release.Set();
            await Tmux(tmux, socket, "kill-server");
        }
    }

    [GeneratedRegex(@"^(?<kind>[a-z_]+)\s+\[[#-]{20}\]\s+\d+%")]
    private static partial Regex KindRow();

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d [A-Z]{3}\] ")]
    private static partial Regex LogLine();

    private static async Task<string> Capture(string tmux, string socket) =>
        await Tmux(tmux, socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "live");

    private static async Task<string> Tmux(string tmux, string socket, params string[] args)
    {
        var start = new ProcessStartInfo(tmux) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-S");
        start.ArgumentList.Add(socket);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
