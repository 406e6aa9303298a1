using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataGen.Review;
using DataGen.Tests.Support;

namespace DataGen.Tests.Review;

/// <summary>Server-side paging, sorting, filtering and calibration over the review index, through the HTTP API.</summary>
public sealed class ReviewCatalogTests
{
    private TempDirectory _dir = null!;
    private string _run = null!;

    [OneTimeSetUp]
    public async Task CreateRunAsync()
    {
        _dir = new TempDirectory();
        _run = await PlantedRun.LargeAsync(_dir.Combine("run"), count: 2_000, rejects: 40);
    }

    [OneTimeTearDown]
    public void Cleanup() => _dir.Dispose();

    [Test]
    public async Task Samples_SecondPage_ReturnsTheNextRowsInRunOrderAndEchoesTheQuery()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run, Token = "t" });
        using var http = Client(server);

        var page = JsonNode.Parse(await http.GetStringAsync("/api/samples?offset=100&limit=50&seq=7&kind=stories"))!;

        using var scope = Assert.EnterMultipleScope();
        Assert.That(page["total"]!.GetValue<long>(), Is.EqualTo(2_040));
        Assert.That(page["matched"]!.GetValue<long>(), Is.EqualTo(2_040));
        Assert.That(page["samples"]!.AsArray().Select(s => s!["key"]!.GetValue<string>()),
            Is.EqualTo(Enumerable.Range(100, 50).Select(i => $"story-{i:000000}")));
        Assert.That(page["seq"]!.GetValue<double>(), Is.EqualTo(7));
        Assert.That(page["query"]!["kind"]!.GetValue<string>(), Is.EqualTo("stories"));
        Assert.That(page["query"]!["offset"]!.GetValue<int>(), Is.EqualTo(100));
    }

    [Test]
    public async Task Samples_SortedByScoreDescending_PutsHighestFirstAndUnscoredRejectsLast()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run, Token = "t" });
        using var http = Client(server);

        var top = JsonNode.Parse(await http.GetStringAsync("/api/samples?sort=score:judge_explains_why&dir=desc&limit=500"))!["samples"]!.AsArray();
        var last = JsonNode.Parse(await http.GetStringAsync("/api/samples?sort=score:judge_explains_why&dir=desc&offset=2000&limit=100"))!["samples"]!.AsArray();

        // Planted: explains_why = 1 + (i * 7 % 5), so exactly 400 of 2,000 stories score 5.
        Assert.That(top.Take(400).Select(s => s!["scores"]!["judge_explains_why"]!.GetValue<double>()), Is.All.EqualTo(5));
        Assert.That(top[400]!["scores"]!["judge_explains_why"]!.GetValue<double>(), Is.EqualTo(4));
        Assert.That(last, Has.Count.EqualTo(40));
        Assert.That(last.Select(s => s!["status"]!.GetValue<string>()), Is.All.EqualTo("judge_low_mean"));
    }

    [Test]
    public async Task Samples_TextAndAxisFilter_MatchOnlyThoseRows()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run, Token = "t" });
        using var http = Client(server);

        var page = JsonNode.Parse(await http.GetStringAsync($"/api/samples?q=story-0019&axis={Uri.EscapeDataString("setting=ship")}"))!;

        // story-001900..001999 contain "story-0019"; every fourth (i % 4 == 2) is set on a ship.
        Assert.That(page["matched"]!.GetValue<long>(), Is.EqualTo(25));
        Assert.That(page["samples"]!.AsArray().Select(s => s!["key"]!.GetValue<string>()), Is.All.StartsWith("story-0019"));
        Assert.That(page["samples"]!.AsArray().Select(s => s!["axes"]!["setting"]!.GetValue<string>()), Is.All.EqualTo("ship"));
    }

    [Test]
    public async Task Samples_Calibration_TakesTheSameNumberFromEveryKindAndScoreBand()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run, Token = "t" });
        using var http = Client(server);

        var sample = JsonNode.Parse(await http.GetStringAsync("/api/samples?calibration=30&limit=500"))!["samples"]!.AsArray();
        var again = JsonNode.Parse(await http.GetStringAsync("/api/samples?calibration=30&limit=500"))!["samples"]!.AsArray();

        // Planted story scores (1 + 2i mod 5, 1 + 3i mod 5) average 1 when i mod 5 = 0 and 3.5 otherwise; the
        // rejects' judge_mean is 2.25. Three strata (kept band 1, kept band 3, rejects band 2), ten rows from each.
        var bands = sample.GroupBy(s => (s!["status"]!.GetValue<string>() == "kept", (int)Math.Floor(s!["mean"]!.GetValue<double>()))).ToList();
        Assert.That(bands.Select(b => b.Key), Is.EquivalentTo(new[] { (true, 1), (true, 3), (false, 2) }));
        Assert.That(bands.Select(b => b.Count()), Is.All.EqualTo(10));
        Assert.That(again.Select(s => s!["key"]!.GetValue<string>()), Is.EqualTo(sample.Select(s => s!["key"]!.GetValue<string>())), "the pick is stable");
    }

    [Test]
    public async Task Verdict_OnChangedText_IsShownStaleAndMatchesNoVerdictFilter()
    {
        using var dir = new TempDirectory();
        var run = await PlantedRun.WriteAsync(dir.Combine("run"), [new() { Id = "s1", PrincipleId = "p1", Text = "The first draft of the story." }], []);
        await using (var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = run, Token = "t" }))
        {
            using var http = Client(server);
            using var saved = await http.PostAsJsonAsync("/api/verdicts", new { key = "s1", verdict = "rejected" });
            Assert.That(saved.IsSuccessStatusCode, Is.True, await saved.Content.ReadAsStringAsync());
        }

        await PlantedRun.WriteAsync(run, [new() { Id = "s1", PrincipleId = "p1", Text = "A second, rewritten story after the prompt edit." }], []);
        await using (var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = run, Token = "t" }))
        {
            using var http = Client(server);
            var row = JsonNode.Parse(await http.GetStringAsync("/api/samples"))!["samples"]![0]!;
            var rejected = JsonNode.Parse(await http.GetStringAsync("/api/samples?verdict=rejected"))!["matched"]!.GetValue<long>();
            var stale = JsonNode.Parse(await http.GetStringAsync("/api/samples?verdict=stale"))!["matched"]!.GetValue<long>();
            var detail = JsonNode.Parse(await http.GetStringAsync("/api/samples/s1"))!;

            Assert.That((row["verdict"]!.GetValue<string>(), row["stale"]!.GetValue<bool>()), Is.EqualTo(("rejected", true)));
            Assert.That((rejected, stale), Is.EqualTo((0L, 1L)));
            Assert.That(detail["history"]![0]!["stale"]!.GetValue<bool>(), Is.True);
        }
    }

    internal static HttpClient Client(ReviewServer server)
    {
        var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        http.DefaultRequestHeaders.Add("X-DataGen-Review", "1");
        return http;
    }
}
