using DataGen.Scale;
using DataGen.Tests.Support;

namespace DataGen.Tests.Scale;

/// <summary>
/// The same config gives the same final rows (ids and logical content hash) however it is run: one process,
/// <c>launch local --workers 3</c>, and shards run by hand in any order. Uses the in-process simulator, whose replies
/// are a function of the request.
/// </summary>
public sealed class ShardedRunTests
{
    private TempDirectory _dir = null!;
    private string _config = null!;
    private string _reference = null!;

    [OneTimeSetUp]
    public async Task RunReferenceOnceAsync()
    {
        _dir = new TempDirectory();
        _config = _dir.CopyRepoInputs();
        _reference = _dir.Combine("reference");
        var run = await CliRun.InvokeAsync("run", "--config", _config, "--out", _reference, "--limit", "5");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
    }

    [OneTimeTearDown]
    public void RemoveFolder() => _dir.Dispose();

    private string[] Task(string output, string stage, string shard, params string[] more) =>
        ["run", "--config", _config, "--out", output, "--limit", "5", "--stage", stage, "--shard", shard, .. more];

    [Test]
    public async Task LaunchLocal_ThreeWorkers_GivesTheRowsAndContentHashOfOneProcess()
    {
        var output = _dir.Combine("local");

        var launch = await CliRun.InvokeAsync("launch", "local", "--config", _config, "--out", output, "--limit", "5", "--workers", "3", "--shards", "4");

        Assert.That(launch.ExitCode, Is.Zero, launch.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ScaleRun.Rows(output), Is.EqualTo(ScaleRun.Rows(_reference)));
            Assert.That(ScaleRun.ContentHash(output), Is.EqualTo(ScaleRun.ContentHash(_reference)));
            Assert.That(File.Exists(Path.Combine(output, "README.md")), Is.True, "dataset card at the top of the output folder");
            Assert.That(Directory.Exists(Path.Combine(output, "rejects")), Is.True);
        }

        var status = await CliRun.InvokeAsync("status", output);
        Assert.That(status.Stdout, Does.Contain("generate         4       4  -").And.Contain("model calls paid"), status.ToString());
    }

    [Test]
    public async Task Run_ManyDuplicates_OneProcessAndShardsKeepTheSameKeepers()
    {
        // Planted duplicates make keeper choice matter: both paths must keep the smallest id of each cluster.
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["simulator"]!["duplicateRate"] = 0.3;
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var single = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("single"), "--limit", "12");
        var sharded = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("sharded"), "--limit", "12", "--shards", "3");

        Assert.That(single.ExitCode, Is.Zero, single.ToString());
        Assert.That(sharded.ExitCode, Is.Zero, sharded.ToString());
        var rejects = DuckDb.Query($"SELECT count(*) AS n FROM read_parquet('{dir.Combine("single", "rejects", "*.parquet")}') WHERE reason IN ('duplicate', 'near_duplicate')");
        Assert.That(Convert.ToInt64(rejects[0]["n"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), "the config plants duplicates");
        Assert.That(ScaleRun.Rows(dir.Combine("sharded")), Is.EqualTo(ScaleRun.Rows(dir.Combine("single"))));
        Assert.That(ScaleRun.ContentHash(dir.Combine("sharded")), Is.EqualTo(ScaleRun.ContentHash(dir.Combine("single"))));
        string Rejects(string run) => string.Join("\n", DuckDb.Query(
            $"SELECT id, stage, reason, list_transform(step_prompt_ids, e -> e.key || '=' || e.value) AS steps, scenario, text_before_rewrite, document_critique, response_critique, constitution_sha256 FROM read_parquet('{dir.Combine(run, "rejects", "*.parquet")}') ORDER BY id, stage")
            .Select(r => string.Join(" | ", r.Values.Select(v => v is System.Collections.IEnumerable e and not string ? string.Join(",", e.Cast<object>()) : v))));
        Assert.That(Rejects("sharded"), Is.EqualTo(Rejects("single")), "the sharded executor writes the same rejects, with the same provenance");
    }

    [Test]
    public async Task Run_WithShardsAndNoStage_RunsEveryStageInOneProcess_ToTheRowsOfTheStreamingRun()
    {
        var output = _dir.Combine("one-process-sharded");

        var run = await CliRun.InvokeAsync("run", "--config", _config, "--out", output, "--limit", "5", "--shards", "3");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ScaleRun.Rows(output), Is.EqualTo(ScaleRun.Rows(_reference)));
            Assert.That(ScaleRun.ContentHash(output), Is.EqualTo(ScaleRun.ContentHash(_reference)));
            foreach (var kind in new[] { "documents", "stories", "advice_chats" })
            {
                var sharded = ScaleRun.Diversity(output, kind);
                Assert.That(sharded.ToJsonString(), Is.EqualTo(ScaleRun.Diversity(_reference, kind).ToJsonString()), $"{kind}: the same diversity figures from both executors");
                Assert.That(sharded["axisCoverage"]!.AsObject().Select(a => a.Value!["total"]!.GetValue<int>()), Is.All.GreaterThan(0), $"{kind}: list-made axes have real totals");
            }
        }
    }

    [Test]
    public async Task RunStage_ShardsByHandInAnyOrder_GiveTheRowsOfOneProcess_AndStagesRefuseToStartEarly()
    {
        var output = _dir.Combine("by-hand");
        var early = await CliRun.InvokeAsync(Task(output, "generate", "0"));
        Assert.That(early.ExitCode, Is.EqualTo(3), early.ToString());

        Assert.That((await CliRun.InvokeAsync(Task(output, "plan", "0", "--shards", "3"))).ExitCode, Is.Zero);
        foreach (var shard in new[] { "2", "0" })
        {
            Assert.That((await CliRun.InvokeAsync(Task(output, "generate", shard))).ExitCode, Is.Zero);
        }

        var refused = await CliRun.InvokeAsync(Task(output, "dedupe", "0"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.ExitCode, Is.EqualTo(3));
            Assert.That(refused.Stderr, Does.Contain("stage generate is missing shard(s) 1"));
        }

        Assert.That((await CliRun.InvokeAsync(Task(output, "generate", "1"))).ExitCode, Is.Zero);
        var again = await CliRun.InvokeAsync(Task(output, "generate", "1"));
        Assert.That(again.Stdout, Does.Contain("already committed"));
        Assert.That((await CliRun.InvokeAsync(Task(output, "dedupe", "0"))).ExitCode, Is.Zero);
        foreach (var shard in new[] { "1", "2", "0" })
        {
            Assert.That((await CliRun.InvokeAsync(Task(output, "judge", shard))).ExitCode, Is.Zero);
        }

        var finalize = await CliRun.InvokeAsync(Task(output, "finalize", "0"));

        Assert.That(finalize.ExitCode, Is.Zero, finalize.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ScaleRun.Rows(output), Is.EqualTo(ScaleRun.Rows(_reference)));
            Assert.That(ScaleRun.ContentHash(output), Is.EqualTo(ScaleRun.ContentHash(_reference)));
        }
    }

    [Test]
    public async Task RunStage_ConfigDiffersFromRunJson_RefusesToMix_UnlessANewRunIsAsked()
    {
        var output = _dir.Combine("mixed");
        Assert.That((await CliRun.InvokeAsync(Task(output, "plan", "0", "--shards", "2"))).ExitCode, Is.Zero);

        var other = await CliRun.InvokeAsync("run", "--config", _config, "--out", output, "--limit", "3", "--stage", "generate", "--shard", "0");
        var fresh = await CliRun.InvokeAsync("run", "--config", _config, "--out", output, "--limit", "3", "--stage", "plan", "--shards", "2", "--new-run");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(other.ExitCode, Is.EqualTo(1), other.ToString());
            Assert.That(other.Stderr, Does.Contain("config hash differs"));
            Assert.That(fresh.ExitCode, Is.Zero, fresh.ToString());
        }
    }

    [Test]
    public async Task RunStage_ShardAuto_ReadsTheSchedulerIndexVariable()
    {
        var output = _dir.Combine("auto");
        Assert.That((await CliRun.InvokeAsync(Task(output, "plan", "0", "--shards", "2"))).ExitCode, Is.Zero);

        var run = await ScaleRun.RunAsync(Task(output, "generate", "auto"), new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1" });

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(ShardTaskRunner.Missing(new ScaleLayout(output), StageNames.Generate, 2), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void ShardOf_DependsOnlyOnIdAndShardCount()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"{(ulong)i * 0x9E3779B97F4A7C15UL:x16}").ToList();
        var shards = ids.Select(id => ShardAssignment.ShardOf(id, 8)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids.Select(id => ShardAssignment.ShardOf(id, 8)), Is.EqualTo(shards));
            Assert.That(shards.Distinct().Count(), Is.EqualTo(8));
            Assert.That(shards.GroupBy(s => s).Min(g => g.Count()), Is.GreaterThan(80), "spread evenly");
        }
    }
}
