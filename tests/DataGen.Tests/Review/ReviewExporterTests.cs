using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataGen.Review;
using DataGen.Tests.Support;

namespace DataGen.Tests.Review;

public sealed class ReviewExporterTests
{
    [Test]
    public async Task Export_AfterReview_DropsRejectedRowsAddsVerdictColumnsAndWritesJsonl()
    {
        using var dir = new TempDirectory();
        var run = await SimulatedRun.CreateAsync(dir.Combine("run"), limit: 8);
        var stories = DuckDb.Query($"SELECT id FROM read_parquet('{Path.Combine(run, "stories", "*.parquet")}') ORDER BY id").Select(r => (string)r["id"]!).ToList();
        var chats = DuckDb.Query($"SELECT id FROM read_parquet('{Path.Combine(run, "advice_chats", "*.parquet")}') ORDER BY id").Select(r => (string)r["id"]!).ToList();
        await PostVerdictsAsync(run,
            (stories[0], Verdict.Rejected, "alice", "preachy"),
            (stories[1], Verdict.Rejected, "alice", null),
            (stories[1], Verdict.Accepted, "bob", "fine after all"),
            (chats[0], Verdict.Rejected, "bob", null),
            (chats[1], Verdict.Flagged, "bob", "check facts"));

        var export = dir.Combine("export");
        var cli = await CliRun.InvokeAsync("export", run, "--out", export);

        Assert.That(cli.ExitCode, Is.Zero, cli.ToString());
        var rows = DuckDb.Query($"SELECT id, review_verdict, review_note, reviewer, text FROM read_parquet('{Path.Combine(export, "stories", "*.parquet")}')");
        Assert.That(rows.Select(r => r["id"]), Is.EquivalentTo(stories.Where(id => id != stories[0])));
        var accepted = rows.Single(r => (string)r["id"]! == stories[1]);
        Assert.That((accepted["review_verdict"], accepted["review_note"], accepted["reviewer"]), Is.EqualTo(("accepted", "fine after all", "bob")));
        Assert.That(rows.Where(r => (string)r["id"]! != stories[1]).Select(r => r["review_verdict"]), Is.All.Null);
        Assert.That(DuckDb.Columns(Path.Combine(export, "stories", "part-00000.parquet")), Is.SupersetOf(new[] { "principle_id", "axes", "prompt_id", "simulated", "review_verdict" }));

        var chatRows = DuckDb.Query($"SELECT id, review_verdict, messages[-1].role AS role FROM read_parquet('{Path.Combine(export, "advice_chats", "*.parquet")}')");
        Assert.That(chatRows.Select(r => r["id"]), Does.Not.Contain(chats[0]));
        Assert.That(chatRows.Single(r => (string)r["id"]! == chats[1])["review_verdict"], Is.EqualTo("flagged"));
        Assert.That(chatRows.Select(r => r["role"]), Is.All.EqualTo("assistant"));

        var chatLines = await File.ReadAllLinesAsync(Path.Combine(export, "advice_chats.jsonl"));
        Assert.That(chatLines, Has.Length.EqualTo(chatRows.Count));
        var first = JsonNode.Parse(chatLines[0])!;
        Assert.That(first["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()), Is.EqualTo(new[] { "system", "user", "assistant" }));
        var storyLines = await File.ReadAllLinesAsync(Path.Combine(export, "stories.jsonl"));
        Assert.That(storyLines, Has.Length.EqualTo(rows.Count));
        Assert.That(storyLines.Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()), Is.All.Not.Empty);

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(export, "manifest.json")))!;
        Assert.That(manifest["kinds"]!["stories"]!["reviewerRejected"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(manifest["kinds"]!["advice_chats"]!["flagged"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(cli.Stdout, Does.Contain("1 rejected by reviewers"));
    }

    [Test]
    public async Task Export_AfterRerunChangedTheText_DoesNotApplyTheOldVerdict()
    {
        using var dir = new TempDirectory();
        var run = await PlantedRun.WriteAsync(dir.Combine("run"), [Story("s1", "The first draft."), Story("s2", "A story nobody edits.")], []);
        await PostVerdictsAsync(run, ("s1", Verdict.Rejected, "alice", "lectures"), ("s2", Verdict.Accepted, "alice", null));
        await PlantedRun.WriteAsync(run, [Story("s1", "The rewrite after the prompt edit, a different text."), Story("s2", "A story nobody edits.")], []);

        var manifest = await ReviewExporter.ExportAsync(run, dir.Combine("export"), TimeProvider.System, CancellationToken.None);

        var rows = DuckDb.Query($"SELECT id, review_verdict FROM read_parquet('{dir.Combine("export", "stories", "*.parquet")}') ORDER BY id");
        Assert.That(rows.Select(r => (r["id"], r["review_verdict"])), Is.EqualTo(new (object?, object?)[] { ("s1", null), ("s2", "accepted") }));
        Assert.That((manifest["kinds"]!["stories"]!["stale"]!.GetValue<long>(), manifest["kinds"]!["stories"]!["reviewerRejected"]!.GetValue<long>()), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public async Task Export_AcceptedPipelineReject_IsRescuedWithItsReason()
    {
        using var dir = new TempDirectory();
        var reject = new PlantedRun.Reject { Id = "r1", PrincipleId = "p1", Reason = "judge_low_mean", Detail = "mean 3.25 below 3.50", JudgeMean = 3.25, Content = "A fair story the judge underrated." };
        var other = new PlantedRun.Reject { Id = "r2", PrincipleId = "p1", Content = "A lecture." };
        var run = await PlantedRun.WriteAsync(dir.Combine("run"), [Story("s1", "Kept story.")], [reject, other]);
        await PostVerdictsAsync(run, ("r1", Verdict.Accepted, "alice", "judge too strict"));

        var manifest = await ReviewExporter.ExportAsync(run, dir.Combine("export"), TimeProvider.System, CancellationToken.None);

        var rescued = DuckDb.Query($"SELECT id, reason, detail, review_verdict, review_note FROM read_parquet('{dir.Combine("export", "rescued", "*.parquet")}')");
        Assert.That(rescued.Select(r => (r["id"], r["reason"], r["detail"], r["review_verdict"], r["review_note"])),
            Is.EqualTo(new (object?, object?, object?, object?, object?)[] { ("r1", "judge_low_mean", "mean 3.25 below 3.50", "accepted", "judge too strict") }));
        var lines = await File.ReadAllLinesAsync(dir.Combine("export", "stories.jsonl"));
        Assert.That(lines.Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()), Is.EqualTo(new[] { "Kept story.", "A fair story the judge underrated." }));
        Assert.That(manifest["kinds"]!["stories"]!["rescued"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Export_IntoTheRunFolder_ExitsOne()
    {
        using var dir = new TempDirectory();
        var run = await SimulatedRun.CreateAsync(dir.Combine("run"), limit: 2);

        var cli = await CliRun.InvokeAsync("export", run, "--out", run);

        Assert.That(cli.ExitCode, Is.EqualTo(1), cli.ToString());
    }

    private static PlantedRun.Story Story(string id, string text) => new() { Id = id, PrincipleId = "p1", Text = text };

    /// <summary>Verdicts as the page records them: through the review server, which keys each to the content it judged.</summary>
    internal static async Task PostVerdictsAsync(string run, params (string Key, string Verdict, string Reviewer, string? Note)[] verdicts)
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = run, Token = "t" });
        using var http = ReviewCatalogTests.Client(server);
        foreach (var (key, verdict, reviewer, note) in verdicts)
        {
            using var response = await http.PostAsJsonAsync("/api/verdicts", new { key, verdict, reviewer, note });
            Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        }
    }
}
