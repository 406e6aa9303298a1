using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Pipeline;
using DataGen.Planning;
using DataGen.Seeds;
using DataGen.Tests.Support;

namespace DataGen.Tests.Generation.Documents;

/// <summary>
/// <c>generation.documents.documentsPerCall</c> = 3 through the real openai provider against a scripted server: one
/// draft call per group of three seeds, each document its own rewrite and row, the group on rows and rejects, a short
/// reply rejecting only the members it left out, the group call replayed on a rerun and kept whole by a sharded run.
/// </summary>
public sealed partial class DocumentsPerCallTests
{
    private const int RunSeed = 1;

    // Six planted documents, each about a different place and choice, so no two are near-duplicates.
    private static readonly string[][] Planted =
    [
        [
            "The night clerk at the county library kept a notebook of every request to remove a book from the shelves, and she explained in it why each one was weighed against the readers who would lose access rather than against the loudness of the complaint. She considered quietly pulling the disputed titles to end the argument, but turned that down because a hidden decision cannot be questioned or corrected later. Instead she wrote down the reasons on both sides, invited the complainants to read them, and asked the board to decide in the open, where a mistake could be seen and undone.",
            "At the bridge inspection office the engineers argued about whether to close the old crossing before the holiday traffic. One of them proposed publishing a reassuring statement and inspecting later, since the cracks were probably cosmetic. The lead inspector refused, explaining that a probable guess is not a measurement and that the people crossing had not agreed to carry the risk of her optimism. She closed one lane, published the readings she had and the ones she lacked, and set a date for a second survey, accepting the angry calls as the cost of being honest about uncertainty.",
            "The allotment society's treasurer found that last year's accounts had counted a grant twice. He could have corrected the figure silently in the new ledger, and nobody would have noticed. He decided against it because the members had voted on a budget built on the wrong number, and they deserved to know what their vote had rested on. At the spring meeting he explained the error, what it changed, and what it did not, and proposed that someone else check his sums each quarter so that his own mistakes would be caught sooner than this one was.",
        ],
        [
            "On the mountain rescue radio net, the volunteer coordinator received a call from hikers who wanted permission to continue toward the summit in worsening weather. She weighed their experience and their disappointment against what a night search would ask of the rescuers, who had not chosen the risk. She did not forbid them, because the decision was theirs, but she told them plainly what the forecast showed, what she would do in their place and why, and which turning point would still leave them a safe descent. They turned back an hour later and thanked her for not pretending the choice was simple.",
            "The timetable committee at the secondary school had to decide whether to move the exam week earlier to suit the new inspection calendar. The deputy head could have announced the change as already settled, which would have saved weeks of debate. She rejected that shortcut, saying that teachers and families who would bear the cost should see the reasons and be able to object. She published the two calendars side by side, named who gained and who lost under each, and kept the consultation open until the objections had been answered one by one, even those she thought were wrong.",
            "In the ceramics cooperative, a member discovered that a batch of glaze sold to customers as food safe had not passed its lead test. Recalling the bowls would cost the cooperative its savings for the year, and some argued for waiting until a second test came back. The member who found the result disagreed: the customers were using the bowls now, and the cooperative's reputation rested on telling the truth when it was expensive. They wrote to every buyer that week, explained what was known and unknown, offered refunds, and changed their testing so no batch left the studio untested again.",
        ],
    ];

    [Test]
    public async Task Run_ThreePerCall_OneDraftCallPerGroupThreeRowsEachAndTheRerunPaysNothing()
    {
        await using var server = await ScriptedReplyServer.StartAsync(r => Reply(r, documents: 3));
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir, server.BaseUrl, documents: 6);
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var rows = Rows(output);
        var drafts = server.RequestsFor("documents/draft_group");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(drafts, Has.Count.EqualTo(2), "six seeds in groups of three: two draft calls");
            Assert.That(drafts.Select(r => Regex.Count(r.Prompt, "=== Document \\d ===")), Is.All.EqualTo(3), "each call lists its three members");
            Assert.That(server.RequestsFor("documents/draft"), Is.Empty);
            Assert.That(server.RequestsFor("documents/rewrite"), Has.Count.EqualTo(6), "every document has its own rewrite");
            Assert.That(rows.Select(r => r.Text), Is.EquivalentTo(Planted.SelectMany(g => g)), "each planted document is one row");
            Assert.That(rows.GroupBy(r => r.Group).Select(g => g.Count()), Is.EqualTo(new[] { 3, 3 }), "the group is named on every row");
            Assert.That(rows.Select(r => r.Group), Is.All.Not.Null);
            Assert.That(rows.GroupBy(r => r.Group).Select(g => g.Select(r => r.DraftPromptId).Distinct().Count()), Is.All.EqualTo(1), "members share the draft's prompt id");
            Assert.That(rows.Select(r => r.Position), Is.EquivalentTo(new[] { "1 of 3", "2 of 3", "3 of 3", "1 of 3", "2 of 3", "3 of 3" }));
        }

        var before = server.Requests.Count;
        var rerun = await CliRun.InvokeAsync("run", "--config", config, "--out", output);

        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.Requests, Has.Count.EqualTo(before), "the rerun sends nothing: the group calls are replayed");
            Assert.That(manifest["usage"]!["total"]!["calls"]!.GetValue<long>(), Is.Zero, "0 paid");
            Assert.That(Rows(output).Select(r => (r.Id, r.Text, r.Group)), Is.EquivalentTo(rows.Select(r => (r.Id, r.Text, r.Group))));
        }
    }

    [Test]
    public async Task Run_ReplyWithTwoOfThree_TwoRowsAndOneRejectWithItsReason()
    {
        await using var server = await ScriptedReplyServer.StartAsync(r => Reply(r, documents: 2));
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir, server.BaseUrl, documents: 3);
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var rows = Rows(output);
        var rejects = DuckDb.Query($"SELECT stage, reason, detail, map_from_entries(provenance)['{DataGen.Generation.Documents.DocumentsRecipe.GroupKey}'] AS g FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}') WHERE kind = 'documents'");
        var documents = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!["kinds"]!["documents"]!;
        var generate = documents["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == "generate")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Select(r => r.Text), Is.EquivalentTo(Planted[0].Take(2)));
            Assert.That(rejects, Has.Count.EqualTo(1));
            Assert.That(rejects[0]["stage"], Is.EqualTo("generate"));
            Assert.That(rejects[0]["reason"], Is.EqualTo("missing_in_reply"));
            Assert.That((string?)rejects[0]["detail"], Does.Contain("2 of the 3"));
            Assert.That(rejects[0]["g"], Is.EqualTo(rows[0].Group), "the reject names its group too");
            Assert.That(generate["dropped"]!["missing_in_reply"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(documents["requested"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(documents["rows"]!.GetValue<long>(), Is.EqualTo(2), "requested = rows + drops");
        }
    }

    [Test]
    public async Task Run_Sharded_GroupsStayWholeAndTheRowsMatchTheStreamingRun()
    {
        await using var server = await ScriptedReplyServer.StartAsync(r => Reply(r, documents: 3));
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir, server.BaseUrl, documents: 6);

        var single = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("single"));
        var streamed = server.RequestsFor("documents/draft_group").Count;
        var sharded = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("sharded"), "--shards", "2");

        Assert.That(single.ExitCode, Is.Zero, single.ToString());
        Assert.That(sharded.ExitCode, Is.Zero, sharded.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.RequestsFor("documents/draft_group").Count - streamed, Is.EqualTo(2), "each group drafted once in the sharded run");
            Assert.That(Rows(dir.Combine("sharded")).Select(r => (r.Id, r.Text, r.Group)), Is.EquivalentTo(Rows(dir.Combine("single")).Select(r => (r.Id, r.Text, r.Group))));
            Assert.That(ScaleRun.Rows(dir.Combine("sharded")), Is.EqualTo(ScaleRun.Rows(dir.Combine("single"))));
        }
    }

    [Test]
    public async Task Run_SimulatedProvider_ThreePerCall_EveryDocumentIsItsOwnRowInItsGroup()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["generation"]!["documents"]!["documentsPerCall"] = 3;
        json["generation"]!["documents"]!["count"] = 12;
        json["generation"]!["stories"]!["count"] = 1;
        json["generation"]!["adviceChats"]!["count"] = 1;
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var rows = Rows(output);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows, Has.Count.GreaterThanOrEqualTo(8), "the simulator's grouped replies pass the shipped checks like single ones");
            Assert.That(rows.Select(r => r.Text), Is.Unique);
            Assert.That(rows.Select(r => r.Group), Is.All.Not.Null);
            Assert.That(rows.Select(r => r.Group).Distinct().Count(), Is.LessThanOrEqualTo(4));
            Assert.That(rows.Select(r => r.DraftPromptId), Is.All.StartsWith("documents/draft_group.md@"), "drafted by the shared step");
        }
    }

    [Test]
    public void Plan_ThreePerCall_OneDraftCallPerGroup()
    {
        var shipped = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var options = shipped with { Generation = shipped.Generation with { Documents = shipped.Generation.Documents with { DocumentsPerCall = 3 } } };

        var documents = VolumePlanner.Plan(PreparedRun.Prepare(options, 30)).Configured.Single(k => k.Kind == "documents");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(documents.Steps.Single(s => s.Step == "draft_group").Calls, Is.EqualTo(10));
            Assert.That(documents.Steps.Single(s => s.Step == "draft").Calls, Is.Zero);
            Assert.That(documents.Steps.Single(s => s.Step == "rewrite").Calls, Is.EqualTo(30));
        }
    }

    [Test]
    public async Task Validate_ThreePerCall_RendersTheGroupedPrompt()
    {
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir, new Uri("http://127.0.0.1:9/v1"), documents: 6);

        var run = await CliRun.InvokeAsync("validate", "--config", config);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Stdout, Does.Contain("documents/draft_group: documents/draft_group.md@"));
            Assert.That(run.Stdout, Does.Contain("documents/draft: documents/draft.md@").And.Contain("(off by generation.documents.documentsPerCall)"));
            Assert.That(run.Stdout, Does.Contain("--- documents/draft_group for principle "));
            Assert.That(run.Stdout, Does.Contain("Documents to write: 3").And.Contain("=== Document 3 ===").And.Contain("<document n=\"1\">"));
        }
    }

    /// <summary>Draft replies hold the first <paramref name="documents"/> planted texts of the call's group; rewrites return the document unchanged.</summary>
    private static string? Reply(ScriptedRequest request, int documents)
    {
        switch (request.Step)
        {
            case "documents/draft_group":
                var group = Enumerable.Range(0, 4).FirstOrDefault(g => request.Seed == SamplingSeed(g), -1);
                if (group is < 0 or >= 2)
                {
                    return null;
                }

                return "Plan: three venues.\n\n" + string.Join("\n\n", Planted[group].Take(documents).Select((t, i) => $"<document n=\"{i + 1}\">\n{t}\n</document>"));
            case "documents/rewrite":
                var document = RewriteSource().Match(request.Prompt).Groups["d"].Value;
                return $"none\n\n<improved_document>\n{document}\n</improved_document>";
            default:
                return null;
        }
    }

    private static long SamplingSeed(int groupIndex) => (long)(Convert.ToUInt64(SeedGroups.GroupId(DataKind.Documents, RunSeed, groupIndex, 3), 16) & 0x7FFF_FFFF);

    private sealed record DocumentRow(string Id, string Text, string? Group, string? Position, string? DraftPromptId);

    private static List<DocumentRow> Rows(string output) =>
    [
        .. DuckDb.Query($"SELECT id, text, map_from_entries(provenance)['document_group'] AS g, map_from_entries(provenance)['document_group_position'] AS p, map_from_entries(step_prompt_ids)['draft_group'] AS d FROM read_parquet('{Path.Combine(output, "documents", "*.parquet")}')")
            .Select(r => new DocumentRow((string)r["id"]!, (string)r["text"]!, (string?)r["g"], (string?)r["p"], (string?)r["d"])),
    ];

    /// <summary>The shipped config with three documents per call, few other samples, the judge out of the way, the scripted server as provider.</summary>
    private static async Task<string> ConfigAsync(TempDirectory dir, Uri endpoint, int documents)
    {
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        Assert.That(json["run"]!["seed"]!.GetValue<int>(), Is.EqualTo(RunSeed));
        json["generation"]!["documents"]!["documentsPerCall"] = 3;
        json["generation"]!["documents"]!["count"] = documents;
        json["generation"]!["stories"]!["count"] = 1;
        json["generation"]!["adviceChats"]!["count"] = 1;
        // The test is about grouping, not the judge: the simulated judge's gates would drop a random few planted rows.
        json["quality"]!["judge"]!["gates"] = false;
        foreach (var kind in new[] { "documents", "stories", "adviceChats" })
        {
            json["quality"]!["judge"]![kind] = new JsonObject { ["minScore"] = 1, ["minMean"] = 1.0, ["minScores"] = new JsonObject() };
        }

        json["provider"]!["name"] = "openai";
        json["provider"]!["model"] = "scripted-model";
        json["provider"]!["endpoint"] = endpoint.ToString();
        await File.WriteAllTextAsync(config, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return config;
    }

    [GeneratedRegex(@"The document:\n<document>\n(?<d>.*?)\n</document>", RegexOptions.Singleline)]
    private static partial Regex RewriteSource();
}
