using System.Diagnostics;
using DataGen.Tests.Support;

namespace DataGen.Tests.Scale;

/// <summary>
/// <c>launch slurm</c>: the sbatch scripts it writes, and a real job array on a localhost cluster. <c>.ci/run</c>
/// starts that cluster (Debian's slurmctld, slurmd and munge) and sets DATAGEN_SLURM=1; without it the cluster test
/// is inconclusive, and with it a job that does not finish fails the test.
/// </summary>
public sealed class SlurmLaunchTests
{
    [Test]
    public async Task LaunchSlurm_NoSubmit_WritesOneRequeueableArrayPerStage_AndResumeListsOnlyMissingShards()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var output = dir.Combine("out");
        string[] Launch(params string[] more) => ["launch", "slurm", "--config", config, "--out", output, "--limit", "3", "--workers", "2", "--shards", "3", "--no-submit", .. more];

        var fresh = await CliRun.InvokeAsync(Launch());
        var generate = await File.ReadAllTextAsync(Path.Combine(output, "_work", "slurm", "02-generate.sbatch"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fresh.ExitCode, Is.Zero, fresh.ToString());
            Assert.That(fresh.Stdout, Does.Contain("01-plan.sbatch").And.Contain("05-finalize.sbatch"));
            Assert.That(generate, Does.Contain("#SBATCH --array=0-2%2").And.Contain("#SBATCH --requeue"));
            Assert.That(generate, Does.Contain("exec ").And.Contain("--stage generate --shard auto --workers 2"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "_work", "slurm", "03-dedupe.sbatch")), Does.Contain("#SBATCH --array=0-0%2"));
        }

        string[] Task(string stage, string shard, params string[] more) => ["run", "--config", config, "--out", output, "--limit", "3", "--stage", stage, "--shard", shard, .. more];
        Assert.That((await CliRun.InvokeAsync(Task("plan", "0", "--shards", "3"))).ExitCode, Is.Zero);
        Assert.That((await CliRun.InvokeAsync(Task("generate", "1"))).ExitCode, Is.Zero);

        var resume = await CliRun.InvokeAsync(Launch("--resume"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resume.ExitCode, Is.Zero, resume.ToString());
            Assert.That(resume.Stdout, Does.Contain("plan: all shards committed, not submitted"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "_work", "slurm", "02-generate.sbatch")), Does.Contain("#SBATCH --array=0,2%2"));
        }
    }

    [Test]
    [CancelAfter(420_000)]
    public async Task LaunchSlurm_OnALocalhostCluster_GivesTheRowsOfOneProcess(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("DATAGEN_SLURM") != "1")
        {
            Assert.Inconclusive("needs a Slurm cluster: .ci/run starts one on localhost (slurmctld, slurmd, munge) and sets DATAGEN_SLURM=1");
        }

        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var reference = dir.Combine("reference");
        Assert.That((await CliRun.InvokeAsync("run", "--config", config, "--out", reference, "--limit", "3")).ExitCode, Is.Zero);
        var output = dir.Combine("slurm");

        var launch = await CliRun.InvokeAsync("launch", "slurm", "--config", config, "--out", output, "--limit", "3", "--workers", "2", "--shards", "3");

        Assert.That(launch.ExitCode, Is.Zero, launch.ToString());
        var finalize = Path.Combine(output, "_work", "commits", "finalize", "00000.json");
        var idleChecks = 0;
        while (!File.Exists(finalize))
        {
            await Task.Delay(2000, cancellationToken);
            idleChecks = await QueueEmptyAsync(cancellationToken) ? idleChecks + 1 : 0;
            if (idleChecks >= 5 && !File.Exists(finalize))
            {
                var logs = Directory.EnumerateFiles(Path.Combine(output, "_work", "slurm", "logs")).Select(f => $"--- {f}\n{File.ReadAllText(f)}");
                Assert.Fail($"the Slurm jobs left the queue without a finalize commit\n{launch}\n{string.Join('\n', logs)}");
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ScaleRun.Rows(output), Is.EqualTo(ScaleRun.Rows(reference)));
            Assert.That(ScaleRun.ContentHash(output), Is.EqualTo(ScaleRun.ContentHash(reference)));
        }
    }

    private static async Task<bool> QueueEmptyAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("squeue", "-h -n datagen-plan,datagen-generate,datagen-dedupe,datagen-judge,datagen-finalize") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 && text.Trim().Length == 0;
    }
}
