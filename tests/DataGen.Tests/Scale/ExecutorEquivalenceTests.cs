using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Tests.Support;

namespace DataGen.Tests.Scale;

/// <summary>
/// One process, <c>run --shards 3</c> and <c>launch local</c> run the same stage list, so they write the same rows even
/// where the two pipelines of before disagreed: a reserved name replaced in one member of a duplicate cluster, and a
/// contaminated sample at the head of a near-duplicate cluster. Semantic dedupe and exact-N are on. Documents are
/// planted through the scripted-reply server by seed index, learnt from a plan stage run first.
/// </summary>
public sealed class ExecutorEquivalenceTests
{
    // Two families of planted documents. The first names a reserved eval name (one generation's name hygiene does not
    // handle, so decontamination replaces it) many times (so its shingles differ
    // from its replaced twin's by far more than near-dedupe's threshold); the twin already carries the replacement.
    private const string Replacement = "Morgan";

    private static readonly string NamedStory = string.Join(' ',
        "StarSentinel opened the quarterly review by asking the board to weigh the risks of the launch.",
        "Because the test logs were incomplete, StarSentinel recommended a delay rather than a quiet release.",
        "The finance lead objected, and StarSentinel listed the costs of waiting next to the harms of shipping early.",
        "StarSentinel said trust with the hospital customers mattered more than the date on the slide.",
        "When the chair asked why, StarSentinel pointed to the two incidents from spring and what they had cost.",
        "Nobody enjoyed hearing it, yet StarSentinel kept the reasons on the record instead of softening them.",
        "StarSentinel also admitted what it did not know, which made the estimate more honest than a confident guess.",
        "The engineers were asked by StarSentinel to write down the open questions so that oversight stayed possible.",
        "Later the auditors read the notes StarSentinel had left and could follow each consideration in turn.",
        "StarSentinel never claimed the delay was free; it named who would carry the burden and for how long.",
        "In the end the board sided with StarSentinel, and the launch moved by three weeks.",
        "Looking back, the team said StarSentinel had been responsible with the authority the process gave it.");

    private static readonly string CleanBase =
        "The harbour office kept a ledger of every vessel that asked to leave before the storm, and the clerk explained why each request " +
        "was weighed against the risks to the crew rather than the schedule of the owners. Because the tide tables were uncertain, she " +
        "recorded the reasons for every delay, so that the captains could see the values at stake and trust that the decision was fair. " +
        "On the other hand, she knew a delay had costs for the families waiting on the cargo, and she wrote those down as well, so the " +
        "tension between safety and livelihood stayed visible to everyone who read the ledger later, including the inspectors who " +
        "checked whether the office had been responsible with the authority it held over the quay and the boats moored along it. " +
        "In the second winter the pressure grew, since the owners had signed contracts that paid by the day and a single lost week " +
        "could ruin a small firm. The clerk did not pretend the choice was easy. She invited the owners to read the forecasts with her, " +
        "explained which readings she relied on and which she doubted, and asked them to name any consideration she had missed. " +
        "Some of them argued that experienced captains should decide for themselves; she answered that the office existed precisely " +
        "because one ship in trouble put the rescue crews at risk as well, and that cost fell on people who had never agreed to it. " +
        "When she was wrong, and once she held a ship that could have sailed safely, she wrote that down too, with the reasons she had " +
        "believed at the time, so that the next clerk could learn from the mistake instead of repeating it or hiding it from the board.";

    [Test]
    public async Task Run_PlantedDivergences_OneProcessShardsAndLaunchLocal_WriteTheSameRows()
    {
        using var dir = new TempDirectory();
        var evalText = FirstEvalTextWithoutReservedNames();
        // About a third of an eval item: enough for decontamination (containment above its bound), little enough that
        // the contaminated sample is a near-duplicate of the clean one (shingle Jaccard above the threshold).
        var evalWords = evalText.Split(' ');
        var contaminated = CleanBase + " " + string.Join(' ', evalWords.Take(evalWords.Length * 2 / 5)).TrimEnd(',', ';') + ".";
        var texts = new[] { contaminated, CleanBase, NamedStory, NamedStory.Replace("StarSentinel", Replacement, StringComparison.Ordinal) };
        var rankBySeed = new Dictionary<long, int>();
        await using var server = await ScriptedReplyServer.StartAsync(request =>
        {
            if (request.Seed is not { } seed || !rankBySeed.TryGetValue(seed, out var rank) || rank >= texts.Length)
            {
                return null;
            }

            return request.Step switch
            {
                "documents/draft" => $"Plan: one page.\n<document>{texts[rank]}</document>",
                "documents/rewrite" => $"No problems.\n<improved_document>{texts[rank]}</improved_document>",
                _ => null,
            };
        });
        var config = await ConfigAsync(dir, server.BaseUrl);

        // The plan is a pure function of the config and the (deterministic) list-making replies: learn the four
        // documents with the smallest seed index from a plan stage, then plant them in every run.
        var planOnly = dir.Combine("plan-only");
        var plan = await CliRun.InvokeAsync("run", "--config", config, "--out", planOnly, "--limit", "8", "--stage", "plan", "--shard", "0", "--shards", "3");
        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        var planned = Directory.EnumerateFiles(Path.Combine(planOnly, "_work", "attempts"), "plan.jsonl", SearchOption.AllDirectories).Single();
        var documents = File.ReadLines(planned).Select(l => JsonNode.Parse(l)!).Where(n => n["kind"]!.GetValue<string>() == "documents")
            .OrderBy(n => n["index"]!.GetValue<int>()).Select(n => n["id"]!.GetValue<string>()).ToList();
        var ids = documents.Take(texts.Length).ToList();
        for (var rank = 0; rank < ids.Count; rank++)
        {
            rankBySeed[(long)(Convert.ToUInt64(ids[rank], 16) & 0x7FFF_FFFF)] = rank;
        }

        var single = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("single"), "--limit", "8");
        var sharded = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("sharded"), "--limit", "8", "--shards", "3");
        var launched = await CliRun.InvokeAsync("launch", "local", "--config", config, "--out", dir.Combine("launched"), "--limit", "8", "--workers", "2", "--shards", "4");

        Assert.That(single.ExitCode, Is.Zero, single.ToString());
        Assert.That(sharded.ExitCode, Is.Zero, sharded.ToString());
        Assert.That(launched.ExitCode, Is.Zero, launched.ToString());
        foreach (var output in new[] { "single", "sharded", "launched" }.Select(d => dir.Combine(d)))
        {
            var rows = DuckDb.Query($"SELECT id, text FROM read_parquet('{Path.Combine(output, "documents", "*.parquet")}')");
            var rejects = DuckDb.Query($"SELECT id, stage, reason FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}') WHERE kind = 'documents'")
                .ToDictionary(r => (string)r["id"]!, r => $"{r["stage"]}/{r["reason"]}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(rejects.GetValueOrDefault(ids[0]), Is.EqualTo("decontaminate/contaminated"), $"{output}: the contaminated cluster head");
                Assert.That(rows.Where(r => (string)r["id"]! == ids[1]).Select(r => (string)r["text"]!), Is.EqualTo(new[] { CleanBase }),
                    $"{output}: the clean near-duplicate keeps its cluster once the contaminated head is gone");
                Assert.That(rows.Where(r => (string)r["id"]! == ids[2]).Select(r => (string)r["text"]!), Is.EqualTo(new[] { texts[3] }),
                    $"{output}: the reserved name is replaced in the written row");
                Assert.That(rejects.GetValueOrDefault(ids[3]), Is.EqualTo("dedupe_exact/duplicate"), $"{output}: the twin is an exact duplicate of the replaced text");
                Assert.That(rows.Select(r => (string)r["text"]!), Is.Unique, $"{output}: no two written documents are the same text");
                Assert.That(rows.Select(r => (string)r["text"]!).Where(t => t.Contains("StarSentinel", StringComparison.Ordinal)), Is.Empty);
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ScaleRun.Rows(dir.Combine("sharded")), Is.EqualTo(ScaleRun.Rows(dir.Combine("single"))));
            Assert.That(ScaleRun.Rows(dir.Combine("launched")), Is.EqualTo(ScaleRun.Rows(dir.Combine("single"))));
            Assert.That(ScaleRun.ContentHash(dir.Combine("sharded")), Is.EqualTo(ScaleRun.ContentHash(dir.Combine("single"))));
            Assert.That(ScaleRun.ContentHash(dir.Combine("launched")), Is.EqualTo(ScaleRun.ContentHash(dir.Combine("single"))));
        }

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("sharded", "manifest.json")))!;
        var stages = manifest["kinds"]!["documents"]!["stages"]!.AsArray().Select(s => s!["stage"]!.GetValue<string>());
        Assert.That(stages, Does.Contain("dedupe_semantic").And.Contain("exact_n"), "semantic dedupe and exact-N ran in the sharded run");
        Assert.That(manifest["kinds"]!["documents"]!["exactN"]!["kept"]!.GetValue<long>(), Is.EqualTo(8), "exact-N reached its target");
    }

    private static string FirstEvalTextWithoutReservedNames()
    {
        var file = Path.Combine(TestPaths.RepoRoot, "datasets", "eval", "agentic_dilemmas.jsonl");
        return File.ReadLines(file).Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>())
            .First(t => !new[] { "Alex", "Kyle", "SummitBridge", "NovaStar" }.Any(n => t.Contains(n, StringComparison.Ordinal)) && t.Split(' ').Length > 40);
    }

    /// <summary>The shipped config with semantic dedupe and exact-N on, every reserved name replaced by one name, and the scripted server as provider.</summary>
    private static async Task<string> ConfigAsync(TempDirectory dir, Uri endpoint)
    {
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["quality"]!["semanticDedupe"]!["enabled"] = true;
        json["quality"]!["exactN"]!["enabled"] = true;
        // The test is about the executors agreeing on planted rows, not about the judge: the simulated judge's gates and
        // per-criterion minimums drop a random few per cent, which could drop a planted row the assertions name.
        json["quality"]!["judge"]!["gates"] = false;
        foreach (var kind in new[] { "documents", "stories", "adviceChats" })
        {
            json["quality"]!["judge"]![kind] = new JsonObject { ["minScore"] = 1, ["minMean"] = 1.0, ["minScores"] = new JsonObject() };
        }
        json["quality"]!["decontamination"]!["replacements"] = new JsonArray(Replacement);
        json["provider"]!["name"] = "openai";
        json["provider"]!["model"] = "scripted-model";
        json["provider"]!["endpoint"] = endpoint.ToString();
        await File.WriteAllTextAsync(config, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return config;
    }
}
