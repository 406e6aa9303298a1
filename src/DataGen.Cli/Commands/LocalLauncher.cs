using System.Diagnostics;
using DataGen.Scale;
using DataGen.Scale.Launch;

namespace DataGen.Cli.Commands;

/// <summary>
/// Runs a sharded run's stages one after another, each with up to W worker processes over its missing shards. SIGINT or
/// SIGTERM stops every worker before the launcher exits; a launcher killed outright is noticed by its workers
/// (<see cref="LauncherWatch"/>), which then stop too.
/// </summary>
internal static class LocalLauncher
{
    public static async Task<int> RunAsync(WorkerCommand worker, string output, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var layout = new ScaleLayout(output);
        foreach (var stage in StageNames.All)
        {
            var shards = File.Exists(layout.RunFile) ? ScaleStatus.Read(output).Run.Shards : worker.Shards;
            var missing = ShardTaskRunner.Missing(layout, stage, shards);
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = worker.Workers, CancellationToken = cancellationToken }, async (shard, ct) =>
            {
                var (code, error) = await RunProcessAsync(worker.For(stage, shard.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);
                if (code != 0)
                {
                    failures.Add($"{stage} shard {shard} exited {code}: {error.Trim()}");
                }
            });
            if (!failures.IsEmpty)
            {
                foreach (var failure in failures)
                {
                    await stderr.WriteLineAsync($"error: {failure}");
                }

                return failures.Any(f => f.Contains("exited 1:", StringComparison.Ordinal)) ? DataGenCli.UserError : DataGenCli.Failure;
            }

            await stdout.WriteLineAsync($"{stage}: {StageNames.Tasks(stage, shards)} task(s) committed ({missing.Count} run now)");
        }

        await stdout.WriteLineAsync($"done: {Path.Combine(layout.Output, "manifest.json")}");
        return DataGenCli.Success;
    }

    private static async Task<(int Code, string Error)> RunProcessAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The worker stops itself if this process dies without stopping it (SIGKILL): no orphans either way.
        start.Environment[LauncherWatch.Variable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderrTask = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM to the launcher: stop the worker and anything it started, and wait for it, so nothing
            // is left running. Its answered calls are in its store; the uncommitted shard is rerun on the next launch.
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the cancel and the kill.
            }

            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await stdoutTask;
        var error = await stderrTask;
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (process.ExitCode, string.Join('\n', lines.TakeLast(3)));
    }
}
