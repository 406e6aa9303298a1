using System.Diagnostics;
using System.Globalization;
using DataGen.Scale;
using DataGen.Scale.Launch;

namespace DataGen.Cli.Commands;

/// <summary>
/// Writes one sbatch script per stage and submits them in order, each depending on the one before with
/// <c>afterok</c> and <c>--kill-on-invalid-dep=yes</c> (a failed upstream cancels the rest instead of leaving them
/// pending forever). On resume only shards without a commit are submitted.
/// </summary>
internal sealed class SlurmLauncher(WorkerCommand worker, string output, string? partition, string? timeLimit)
{
    public async Task<int> RunAsync(bool resume, bool submit, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var layout = new ScaleLayout(output);
        var folder = Path.Combine(layout.Work, "slurm");
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        var shards = File.Exists(layout.RunFile) ? ScaleStatus.Read(output).Run.Shards : worker.Shards;
        string? previous = null;
        foreach (var stage in StageNames.All)
        {
            var todo = resume ? ShardTaskRunner.Missing(layout, stage, shards) : [.. Enumerable.Range(0, StageNames.Tasks(stage, shards))];
            if (todo.Count == 0)
            {
                await stdout.WriteLineAsync($"{stage}: all shards committed, not submitted");
                continue;
            }

            var script = Path.Combine(folder, $"{StageNames.All.ToList().IndexOf(stage) + 1:D2}-{stage}.sbatch");
            await File.WriteAllTextAsync(script, SlurmArrayScript.Render(stage, todo, worker, Path.Combine(folder, "logs"), partition, timeLimit), cancellationToken);
            if (!submit)
            {
                await stdout.WriteLineAsync(script);
                continue;
            }

            var args = new List<string> { "--parsable" };
            if (previous is not null)
            {
                args.AddRange([$"--dependency=afterok:{previous}", "--kill-on-invalid-dep=yes"]);
            }

            args.Add(script);
            var (code, text, error) = await RunAsync("sbatch", args, cancellationToken);
            if (code != 0)
            {
                await stderr.WriteLineAsync($"error: sbatch {script} exited {code}: {error.Trim()}");
                return DataGenCli.Failure;
            }

            previous = text.Trim().Split(';')[0];
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{stage}: job {previous} ({todo.Count} task(s)) {script}"));
        }

        return DataGenCli.Success;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
