using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;

namespace DataGen.Tests.Quality.Judging;

public sealed class JudgeRunTests
{
    [Test]
    public async Task Run_JudgeOverHttp_ScoresLandInColumnsAndARaisedThresholdMovesExactlyTheLowRowsToRejects()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();

        async Task<string> RunAsync(string name, double minMean)
        {
            var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
            foreach (var kind in new[] { "documents", "stories", "adviceChats" })
            {
                json["quality"]!["judge"]![kind] = new JsonObject { ["minScore"] = 1, ["minMean"] = minMean };
            }

            // This test is about the judge: the simulator's advice replies mostly fail the deliberation check, which
            // would leave no advice row for the judge to score.
            json["quality"]!["checks"]!["deliberation"] = new JsonObject { ["enabled"] = false };

            await File.WriteAllTextAsync(config, json.ToJsonString());
            var output = dir.Combine(name);
            var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "10",
                "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "judge-test");
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            return output;
        }

        var lenient = await RunAsync("lenient", 1.0);
        var scored = DuckDb.Query($"SELECT id, judge_mean, judge_explains_why, judge_section, judge_rationale, rubric_hash FROM read_parquet('{Path.Combine(lenient, "advice_chats", "*.parquet")}')");
        // The raised threshold is the highest mean the lenient run scored, so exactly the rows below it must move.
        var threshold = scored.Select(r => Convert.ToDouble(r["judge_mean"], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(5).Max();
        var strict = await RunAsync("strict", threshold);

        Assert.That(scored, Is.Not.Empty);
        Assert.That(scored.Select(r => r["judge_explains_why"]), Is.All.InRange(1, 5));
        Assert.That(scored.Select(r => r["judge_section"]), Is.All.Not.Null.And.All.Not.Empty);
        Assert.That(scored.Select(r => r["rubric_hash"]), Is.All.Match("^[0-9a-f]{8}$"));

        var expectedKept = scored.Where(r => Convert.ToDouble(r["judge_mean"], System.Globalization.CultureInfo.InvariantCulture) >= threshold).Select(r => (string)r["id"]!).Order().ToList();
        var expectedMoved = scored.Select(r => (string)r["id"]!).Except(expectedKept).Order().ToList();
        var kept = DuckDb.Query($"SELECT id FROM read_parquet('{Path.Combine(strict, "advice_chats", "*.parquet")}')").Select(r => (string)r["id"]!).Order().ToList();
        var moved = DuckDb.Query($"SELECT id FROM read_parquet('{Path.Combine(strict, "rejects", "*.parquet")}') WHERE kind = 'advice_chats' AND stage = 'judge' AND reason = 'judge_low_mean'")
            .Select(r => (string)r["id"]!).Order().ToList();

        Assert.That(expectedMoved, Is.Not.Empty, "the raised threshold must move some rows for the test to mean anything");
        Assert.That(kept, Is.EqualTo(expectedKept));
        Assert.That(moved, Is.EqualTo(expectedMoved));
    }
}
