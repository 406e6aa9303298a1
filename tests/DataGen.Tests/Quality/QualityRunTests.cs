using System.Text.Json.Nodes;
using DataGen.Tests.Support;

namespace DataGen.Tests.Quality;

public sealed class QualityRunTests
{
    [Test]
    public async Task Run_ExactNWithAJudgeThatRejectsAShare_EndsWithExactlyNRowsPerKind()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["quality"]!["exactN"] = new JsonObject { ["enabled"] = true, ["candidateFactor"] = 4 };

        // This test is about exact-N's backfill: the simulator's advice replies mostly fail the deliberation check
        // (about 7 in 10 in the quick start), which would spend the candidate budget before the judge's share is seen.
        json["quality"]!["checks"]!["deliberation"] = new JsonObject { ["enabled"] = false };
        foreach (var kind in new[] { "documents", "stories", "adviceChats" })
        {
            // The simulated judge scores a clean sample 4 or 5 per criterion: a mean of 4.6 rejects about a third.
            json["quality"]!["judge"]![kind] = new JsonObject { ["minScore"] = 2, ["minMean"] = 4.6 };
        }

        await File.WriteAllTextAsync(config, json.ToJsonString());
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "12");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        foreach (var kind in new[] { "documents", "stories", "advice_chats" })
        {
            var figures = manifest["kinds"]![kind]!;
            Assert.That(DuckDb.Count(Path.Combine(output, kind, "*.parquet")), Is.EqualTo(12), kind);
            Assert.That(figures["exactN"]!["outcome"]!.GetValue<string>(), Is.EqualTo("reached"), kind);
            Assert.That(figures["exactN"]!["candidates"]!.GetValue<int>(), Is.GreaterThan(12), kind);
            var judge = figures["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == "judge")!;
            Assert.That(judge["dropped"]!.AsObject().Sum(d => d.Value!.GetValue<long>()), Is.GreaterThan(0), kind + ": the judge rejects a share");
        }
    }

    [Test]
    public async Task Run_ExactNWithTooSmallABudget_SaysTheBudgetWasSpent()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["quality"]!["exactN"] = new JsonObject { ["enabled"] = true, ["candidateFactor"] = 1 };
        json["quality"]!["judge"]!["stories"] = new JsonObject { ["minScore"] = 5, ["minMean"] = 5 };
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "6");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var exactN = manifest["kinds"]!["stories"]!["exactN"]!;
        Assert.That(exactN["outcome"]!.GetValue<string>(), Is.EqualTo("budget_spent"));
        Assert.That(exactN["kept"]!.GetValue<long>(), Is.LessThan(6));
        Assert.That(run.Stderr, Does.Contain("budget_spent"));
    }

    [Test]
    public async Task Run_ShippedConfig_ManifestHasPerStagePerReasonCountsAndDiversity()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", output, "--limit", "20");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var rejectReasons = DuckDb.Query($"SELECT stage, reason, count(*) AS n FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}') GROUP BY stage, reason");
        long fromManifest = 0;
        foreach (var kind in new[] { "documents", "stories", "advice_chats" })
        {
            var figures = manifest["kinds"]![kind]!;
            var stages = figures["stages"]!.AsArray().Select(s => s!["stage"]!.GetValue<string>()).ToList();
            Assert.That(stages, Is.EqualTo(new[] { "decontaminate_seeds", "generate", "name_hygiene", "checks", "decontaminate", "dedupe_exact", "dedupe_near", "judge" }), kind);
            foreach (var stage in figures["stages"]!.AsArray())
            {
                var dropped = stage!["dropped"]!.AsObject().Sum(d => d.Value!.GetValue<long>());
                Assert.That(stage["seen"]!.GetValue<long>(), Is.EqualTo(stage["kept"]!.GetValue<long>() + dropped), kind);
                fromManifest += dropped;
            }

            var diversity = figures["diversity"]!;
            Assert.That(diversity["distinctNgramRatio"]!["2"]!.GetValue<double>(), Is.InRange(0.0, 1.0).And.GreaterThan(0), kind);
            Assert.That(diversity["principleCoverage"]!["covered"]!.GetValue<int>(), Is.GreaterThan(0), kind);
            Assert.That(diversity["axisCoverage"]!.AsObject(), Is.Not.Empty, kind);
            Assert.That(diversity["judgeScores"]!["consistent"]!.AsArray(), Has.Count.EqualTo(5), kind);
        }

        Assert.That(rejectReasons.Sum(r => Convert.ToInt64(r["n"], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(fromManifest), "every counted drop is a row in rejects/");
    }
}
