using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Pipeline;
using DataGen.Pipeline.Stages;
using DataGen.Simulator;
using DataGen.Scale;
using DataGen.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Pipeline.Stages;

/// <summary>A stage added to the list with one line runs in both executors, in its place, with the same result.</summary>
public sealed class KindPipelineTests
{
    /// <summary>A test-only per-sample stage: drops every sample of an odd seed index.</summary>
    private sealed class OddIndexStage() : FilterStage("test_odd_index", StageScope.PerSample, TimeProvider.System)
    {
        protected override ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken) =>
            ValueTask.FromResult(sample.Seed.Index % 2 == 1 ? StageVerdict.Drop("odd_index", $"index {sample.Seed.Index}") : StageVerdict.Keep());
    }

    [Test]
    public async Task TestOnlyStage_AddedAfterExactDedupeWithOneLine_RunsInTheStreamingAndTheShardedRun()
    {
        using var dir = new TempDirectory();
        var loaded = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        PreparedRun Prepare(string output) => PreparedRun.Prepare(loaded with { Simulator = SimulatorOptions.Clean, Output = loaded.Output with { Directory = output } }, 6) with
        {
            Stages = [.. KindPipeline.Standard.Take(3), _ => new OddIndexStage(), .. KindPipeline.Standard.Skip(3)],
        };
        using var client = new SimulatedChatClient(SimulatorOptions.Clean, loaded.Provider.Model);

        var streaming = await new PipelineRunner(client, NullLoggerFactory.Instance, TimeProvider.System).RunAsync(Prepare(dir.Combine("single")), "single", CancellationToken.None);
        var sharded = new ShardTaskRunner(Prepare(dir.Combine("sharded")), dir.Combine("sharded"), client, NullLoggerFactory.Instance, TimeProvider.System);
        foreach (var stage in StageNames.All)
        {
            foreach (var shard in Enumerable.Range(0, StageNames.Tasks(stage, 3)))
            {
                Assert.That(await sharded.RunTaskAsync(stage, shard, stage == StageNames.Plan ? 3 : null, "sharded", CancellationToken.None), Is.EqualTo(TaskOutcome.Committed));
            }
        }

        var manifest = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("sharded", "manifest.json")))!;
        var shardedStages = manifest["kinds"]!["documents"]!["stages"]!.AsArray().Select(s => s!["stage"]!.GetValue<string>()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(streaming.Status, Is.EqualTo("completed"), streaming.Error);
            Assert.That(streaming.Kinds["documents"].Stages.Select(s => s.Stage), Is.EqualTo(shardedStages));
            Assert.That(shardedStages.IndexOf("test_odd_index"), Is.EqualTo(shardedStages.IndexOf("dedupe_exact") + 1), "in its place in the list");
            Assert.That(streaming.Kinds["documents"].Stages.Single(s => s.Stage == "test_odd_index").Dropped["odd_index"], Is.GreaterThan(0));
            Assert.That(ScaleRun.ContentHash(dir.Combine("sharded")), Is.EqualTo(streaming.ContentHash));
        }

        foreach (var output in new[] { "single", "sharded" })
        {
            var odd = DuckDb.Query($"SELECT count(*) AS n FROM read_parquet('{dir.Combine(output, "rejects", "*.parquet")}') WHERE stage = 'test_odd_index'");
            Assert.That(Convert.ToInt64(odd[0]["n"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), output);
        }
    }

    [Test]
    public void Create_TwoStagesWithOneName_IsAnError()
    {
        var loaded = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var run = PreparedRun.Prepare(loaded, 2) with { Stages = [.. KindPipeline.Standard, _ => new OddIndexStage(), _ => new OddIndexStage()] };
        using var client = new SimulatedChatClient(SimulatorOptions.Clean, loaded.Provider.Model);

        var error = Assert.Throws<InvalidOperationException>(() => KindPipeline.Create(run, DataKind.Documents, client, null, TimeProvider.System, NullLoggerFactory.Instance));

        Assert.That(error!.Message, Does.Contain("test_odd_index"));
    }

    [Test]
    public void Cut_ShippedListWithExactN_PutsEachStageWhereItsScopeAllows()
    {
        var loaded = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var options = loaded with { Quality = loaded.Quality with { ExactN = loaded.Quality.ExactN with { Enabled = true } } };
        using var client = new SimulatedChatClient(SimulatorOptions.Clean, loaded.Provider.Model);
        var pipeline = KindPipeline.Create(PreparedRun.Prepare(options, 2), DataKind.Stories, client, null, TimeProvider.System, NullLoggerFactory.Instance);

        var cut = StageCut.Of(pipeline.Stages);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cut.Generate.Select(s => s.Name), Is.EqualTo(new[] { "checks", "decontaminate" }));
            Assert.That(cut.Reduce.Select(s => s.Name), Is.EqualTo(new[] { "dedupe_exact", "dedupe_near" }));
            Assert.That(cut.Judge.Select(s => s.Name), Is.EqualTo(new[] { "judge" }));
            Assert.That(cut.Finalize.Select(s => s.Name), Is.EqualTo(new[] { "exact_n" }));
            Assert.That(pipeline.StageNames, Is.EqualTo(new[] { "decontaminate_seeds", "generate", "name_hygiene", "checks", "decontaminate", "dedupe_exact", "dedupe_near", "judge", "exact_n" }));
        }
    }
}
