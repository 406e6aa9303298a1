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
        var store = VerdictStore.ForRun(run);
        Verdict V(string id, string kind, string value, string reviewer, string? note = null) =>
            new() { SampleId = id, Kind = kind, Value = value, Reviewer = reviewer, Note = note, CreatedAt = DateTimeOffset.UnixEpoch };
        await store.AddAsync(V(stories[0], "stories", Verdict.Rejected, "alice", "preachy"), CancellationToken.None);
        await store.AddAsync(V(stories[1], "stories", Verdict.Rejected, "alice"), CancellationToken.None);
        await store.AddAsync(V(stories[1], "stories", Verdict.Accepted, "bob", "fine after all"), CancellationToken.None);
        await store.AddAsync(V(chats[0], "advice_chats", Verdict.Rejected, "bob"), CancellationToken.None);
        await store.AddAsync(V(chats[1], "advice_chats", Verdict.Flagged, "bob", "check facts"), CancellationToken.None);

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
    public async Task Export_IntoTheRunFolder_ExitsOne()
    {
        using var dir = new TempDirectory();
        var run = await SimulatedRun.CreateAsync(dir.Combine("run"), limit: 2);

        var cli = await CliRun.InvokeAsync("export", run, "--out", run);

        Assert.That(cli.ExitCode, Is.EqualTo(1), cli.ToString());
    }
}
