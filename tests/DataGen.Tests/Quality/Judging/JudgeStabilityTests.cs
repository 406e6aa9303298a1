using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataGen.Generation;
using DataGen.Quality.Judging;
using DataGen.Tests.Support;

namespace DataGen.Tests.Quality.Judging;

/// <summary>
/// Re-judge stability through the real openai provider against a scripted server: the simulator writes every first
/// verdict, the scripted server answers every second request of the same prompt with all criteria at 1 (gates passed),
/// so each keep flips and each criterion first scored above 1 flips. The counts land in the manifest and the report.
/// </summary>
public sealed partial class JudgeStabilityTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task Run_SecondVerdictsDiffer_ManifestCountsEveryFlipAndTheSecondCallsReachTheServer(bool sharded)
    {
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await using var server = await ScriptedReplyServer.StartAsync(r =>
            r.Step is { } step && step.StartsWith("judge/", StringComparison.Ordinal) && step != JudgeRubric.RevisePromptName
                && seen.AddOrUpdate(r.Prompt, 1, (_, n) => n + 1) > 1
                ? LowVerdict(step, r.Prompt)
                : null);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["quality"]!["judge"]!["stability"] = new JsonObject { ["sample"] = 1.0 };
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync(["run", "--config", config, "--out", output, "--limit", "3",
            "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "scripted-model", .. sharded ? new[] { "--shards", "2" } : []]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        foreach (var kind in new[] { DataKind.Documents, DataKind.Stories, DataKind.AdviceChats })
        {
            var name = kind.Name();
            var judge = manifest["kinds"]![name]!["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == "judge")!;
            var tallies = judge["tallies"]!.AsObject().ToDictionary(t => t.Key, t => t.Value!.GetValue<long>());
            var judged = judge["seen"]!.GetValue<long>();
            var keptFirst = judge["kept"]!.GetValue<long>();
            // Every row the judge scored, kept or dropped, with its first verdict's consistent score.
            var consistent = DuckDb.Query($"SELECT judge_consistent AS c FROM read_parquet('{Path.Combine(output, name, "*.parquet")}')")
                .Concat(DuckDb.Query($"SELECT judge_consistent AS c FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}') WHERE kind = '{name}' AND stage = 'judge'"))
                .Select(r => Convert.ToInt64(r["c"], CultureInfo.InvariantCulture)).ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(judged, Is.GreaterThan(0), name);
                Assert.That(keptFirst, Is.GreaterThan(0), $"{name}: the simulator's first verdicts keep some rows, so keeps can flip");
                Assert.That(tallies[JudgeStage.StabilityTallies.Sampled], Is.EqualTo(judged), $"{name}: sample 1.0 re-judges every judged row");
                Assert.That(tallies[JudgeStage.StabilityTallies.JudgedTwice], Is.EqualTo(judged), name);
                Assert.That(tallies[JudgeStage.StabilityTallies.KeepFlips], Is.EqualTo(keptFirst), $"{name}: every first keep becomes a drop");
                Assert.That(tallies.GetValueOrDefault(JudgeStage.StabilityTallies.ScoreFlipPrefix + "consistent"), Is.EqualTo(consistent.Count(c => c != 1)), name);
                Assert.That(server.RequestsFor(JudgeRubric.PromptName(kind)), Has.Count.EqualTo(2 * judged), $"{name}: each second call reached the server, not the store");
            }
        }

        var report = await CliRun.InvokeAsync("report", output);
        Assert.That(report.ExitCode, Is.Zero, report.ToString());
        var html = await File.ReadAllTextAsync(Path.Combine(output, "report", "report.html"));
        Assert.That(html, Does.Contain("Re-judge stability").And.Contain("keep decision flips"));
    }

    [Test]
    public async Task Run_StabilityOff_TheJudgeIsCalledOncePerRowAndTheManifestHasNoTallies()
    {
        await using var server = await ScriptedReplyServer.StartAsync(_ => null);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "2",
            "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "scripted-model");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var judge = manifest["kinds"]!["documents"]!["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == "judge")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(judge.AsObject().ContainsKey("tallies"), Is.False);
            Assert.That(server.RequestsFor("judge/documents"), Has.Count.EqualTo(judge["seen"]!.GetValue<long>()));
        }
    }

    private static string LowVerdict(string step, string prompt)
    {
        Assert.That(DataKindNames.TryParse(step["judge/".Length..], out var kind), Is.True, step);
        var section = SectionMark().Match(prompt).Groups[1].Value;
        var reply = new JsonObject { ["rationale"] = "The planted second verdict scores everything at the floor.", ["section"] = section };
        foreach (var (criterion, _) in JudgeRubric.Criteria)
        {
            reply[criterion] = 1;
        }

        var gates = new JsonObject();
        foreach (var gate in JudgeGates.For(kind))
        {
            gates[gate.Name] = new JsonObject { ["pass"] = true, ["sentence"] = "" };
        }

        reply["gates"] = gates;
        return reply.ToJsonString();
    }

    [GeneratedRegex(@"THE SECTION THIS SAMPLE WAS WRITTEN FOR: \[([^\]]+)\]")]
    private static partial Regex SectionMark();
}
