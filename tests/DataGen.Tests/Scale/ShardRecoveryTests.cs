using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Scale;
using DataGen.Tests.Support;

namespace DataGen.Tests.Scale;

/// <summary>
/// Crash and race safety of shard tasks, against the simulator over real HTTP (responses are a function of the
/// request): a SIGKILLed shard reruns alone without paying answered calls again, and two attempts of one shard
/// commit exactly once.
/// </summary>
public sealed class ShardRecoveryTests
{
    [Test]
    public async Task GenerateShard_SigkilledMidShardThenResumed_OnlyThatShardRerunsWithoutRepeatingCalls_AndRowsEqualOneProcess()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with { Latency = new LatencyOptions { MeanMs = 40 } });
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir);
        var output = dir.Combine("out");
        string[] Common(string outFolder) => ["--config", config, "--out", outFolder, "--limit", "6", "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m"];
        string[] Task(string stage, string shard, params string[] more) => ["run", .. Common(output), "--stage", stage, "--shard", shard, .. more];
        var reference = await CliRun.InvokeAsync(["run", .. Common(dir.Combine("reference"))]);
        Assert.That(reference.ExitCode, Is.Zero, reference.ToString());

        Assert.That((await CliRun.InvokeAsync(Task("plan", "0", "--shards", "3"))).ExitCode, Is.Zero);
        Assert.That((await CliRun.InvokeAsync(Task("generate", "0"))).ExitCode, Is.Zero);
        Assert.That((await CliRun.InvokeAsync(Task("generate", "2"))).ExitCode, Is.Zero);
        var layout = new ScaleLayout(output);
        var committedBefore = new[] { 0, 2 }.Select(i => File.ReadAllText(layout.CommitFile(StageNames.Generate, i))).ToList();
        using (var worker = ScaleRun.Start(Task("generate", "1")))
        {
            var store = layout.StoreFile(StageNames.Generate, 1);
            for (var i = 0; i < 3000 && !worker.HasExited && ScaleRun.StoreRows(store) < 4; i++)
            {
                await System.Threading.Tasks.Task.Delay(10);
            }

            Assert.That(worker.HasExited, Is.False, "the shard finished before it could be killed");
            worker.Kill(); // SIGKILL: no cleanup, no commit
            await worker.WaitForExitAsync();
        }

        Assert.That(ShardTaskRunner.Missing(layout, StageNames.Generate, 3), Is.EqualTo(new[] { 1 }));
        var storedBefore = StoredResponses(output);
        var requestsBefore = server.Requests;

        var resume = await CliRun.InvokeAsync(["launch", "local", .. Common(output), "--workers", "2", "--shards", "3"]);

        Assert.That(resume.ExitCode, Is.Zero, resume.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resume.Stdout, Does.Contain("generate: 3 task(s) committed (1 run now)"));
            Assert.That(new[] { 0, 2 }.Select(i => File.ReadAllText(layout.CommitFile(StageNames.Generate, i))), Is.EqualTo(committedBefore), "committed shards were not rerun");
            Assert.That(server.Requests - requestsBefore, Is.EqualTo(StoredResponses(output) - storedBefore), "every call made on resume was a request not answered before");
            Assert.That(ScaleRun.Rows(output), Is.EqualTo(ScaleRun.Rows(dir.Combine("reference"))));
            Assert.That(ScaleRun.ContentHash(output), Is.EqualTo(ScaleRun.ContentHash(dir.Combine("reference"))));
        }
    }

    [Test]
    public async Task GenerateShard_TwoAttemptsAtOnce_ExactlyOneCommits_TheOtherExitsZero_AndTheOutputIsUnchanged()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with { Latency = new LatencyOptions { MeanMs = 30 } });
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir);
        var output = dir.Combine("out");
        string[] Task(string stage, string shard, params string[] more) =>
            ["run", "--config", config, "--out", output, "--limit", "4", "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--stage", stage, "--shard", shard, .. more];
        Assert.That((await CliRun.InvokeAsync(Task("plan", "0", "--shards", "2"))).ExitCode, Is.Zero);

        var attempts = await System.Threading.Tasks.Task.WhenAll(ScaleRun.RunAsync(Task("generate", "0")), ScaleRun.RunAsync(Task("generate", "0")));

        var layout = new ScaleLayout(output);
        var record = CommitPublisher.Read(layout.CommitFile(StageNames.Generate, 0))!;
        var folders = Directory.GetDirectories(layout.Attempts, "generate-00000-*").Select(Path.GetFileName).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(attempts.Select(a => a.ExitCode), Is.EqualTo(new[] { 0, 0 }), string.Join("\n", attempts.Select(a => a.ToString())));
            Assert.That(attempts.Count(a => a.Stdout.Contains("generate shard 0: committed\n", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", attempts.Select(a => a.Stdout)));
            Assert.That(Directory.GetFiles(layout.CommitFolder(StageNames.Generate)), Has.Length.EqualTo(1));
            Assert.That(folders, Is.EqualTo(new[] { record.Attempt }), "the losing attempt removed its scratch");
        }

        var finish = await CliRun.InvokeAsync(["launch", "local", "--config", config, "--out", output, "--limit", "4", "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--shards", "2"]);
        Assert.That(finish.ExitCode, Is.Zero, finish.ToString());
        var reference = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("reference"), "--limit", "4", "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m");
        Assert.That(reference.ExitCode, Is.Zero, reference.ToString());
        Assert.That(ScaleRun.ContentHash(output), Is.EqualTo(ScaleRun.ContentHash(dir.Combine("reference"))));
    }

    [Test]
    public async Task GenerateShard_Sigterm_StopsWithoutACommitAndExitsNonZero()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with { Latency = new LatencyOptions { MeanMs = 200 } });
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir);
        var output = dir.Combine("out");
        string[] Task(string stage, string shard, params string[] more) =>
            ["run", "--config", config, "--out", output, "--limit", "8", "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--stage", stage, "--shard", shard, .. more];
        Assert.That((await CliRun.InvokeAsync(Task("plan", "0", "--shards", "1"))).ExitCode, Is.Zero);
        var layout = new ScaleLayout(output);

        using var worker = ScaleRun.Start(Task("generate", "0"));
        var stderr = worker.StandardError.ReadToEndAsync();
        for (var i = 0; i < 3000 && !worker.HasExited && ScaleRun.StoreRows(layout.StoreFile(StageNames.Generate, 0)) < 2; i++)
        {
            await System.Threading.Tasks.Task.Delay(10);
        }

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await worker.WaitForExitAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(worker.ExitCode, Is.Not.Zero);
            Assert.That(await stderr, Does.Contain("was not committed"));
            Assert.That(File.Exists(layout.CommitFile(StageNames.Generate, 0)), Is.False);
            Assert.That(ScaleRun.StoreRows(layout.StoreFile(StageNames.Generate, 0)), Is.GreaterThanOrEqualTo(2), "answered calls stay in the shard's store");
        }
    }

    [Test]
    public void TryPublish_ManyRacingAttempts_ExactlyOneWins()
    {
        using var dir = new TempDirectory();
        var commit = dir.Combine("commits", "00000.json");
        var results = Enumerable.Range(0, 16).AsParallel().Select(i =>
        {
            var attempt = dir.Combine("attempts", $"a{i}");
            Directory.CreateDirectory(attempt);
            return CommitPublisher.TryPublish(attempt, commit, new CommitRecord { Stage = "generate", Shard = 0, Attempt = $"a{i}", Host = "h", Pid = i, CommittedAt = DateTimeOffset.UnixEpoch });
        }).ToList();

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        Assert.That(CommitPublisher.Read(commit)!.Attempt, Does.StartWith("a"));
    }

    private static async Task<string> ConfigAsync(TempDirectory dir)
    {
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"]!["concurrency"] = 2;
        await File.WriteAllTextAsync(config, json.ToJsonString());
        return config;
    }

    private static long StoredResponses(string output) =>
        Directory.EnumerateFiles(Path.Combine(output, ScaleLayout.WorkFolder, "stores"), "*.db").Sum(ScaleRun.StoreRows);
}
