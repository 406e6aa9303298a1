using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataGen.Review;
using DataGen.Tests.Support;

namespace DataGen.Tests.Review;

public sealed class ReviewServerTests
{
    private TempDirectory _dir = null!;
    private string _run = null!;
    private string _hostileId = null!;

    [OneTimeSetUp]
    public async Task CreateRunAsync()
    {
        _dir = new TempDirectory();
        (_run, _hostileId) = await ReviewRunFixture.CreateAsync(_dir.Combine("run"));
    }

    [OneTimeTearDown]
    public void Cleanup() => _dir.Dispose();

    [Test]
    public async Task Requests_WithoutOrWithWrongToken_AreRefused()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run });
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        foreach (var path in new[] { "/", "/review.js", "/api/facets", "/api/samples", $"/api/samples/{_hostileId}", "/?token=wrong", "/api/samples?token=" })
        {
            using var response = await http.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        }

        using var post = await http.PostAsJsonAsync("/api/verdicts", new { key = _hostileId, verdict = "accepted" });
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(server.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(server.Token, Does.Match("^[A-Za-z0-9_-]{43}$"), "32 random bytes, base64url");
    }

    [Test]
    public async Task Page_WithToken_SetsCookieAndStrictHeaders()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run });
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseUrl };

        using var page = await http.GetAsync(server.PageUrl);
        using var script = await http.GetAsync("/review.js");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'").And.Contain("default-src 'none'"));
        Assert.That(page.Headers.GetValues("Set-Cookie").Single(), Does.Contain("httponly").And.Contain("samesite=strict"));
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie carries the token");
        Assert.That(await script.Content.ReadAsStringAsync(), Does.Not.Contain("innerHTML ="));
    }

    [Test]
    public async Task Api_HostileSample_IsSentEscapedAndVerdictsNeedTheWriteHeaderAndSurviveRestart()
    {
        var options = new ReviewServerOptions { RunDirectory = _run, Token = "test-token", DefaultReviewer = "tester" };
        await using (var server = await ReviewServer.StartAsync(options))
        {
            using var http = Client(server);
            var body = await http.GetStringAsync($"/api/samples/{_hostileId}");
            Assert.That(body, Does.Not.Contain("<script").And.Not.Contain("<img"));
            Assert.That(JsonNode.Parse(body)!["text"]!.GetValue<string>(), Is.EqualTo(ReviewRunFixture.HostileText));

            using var noHeader = await http.PostAsJsonAsync("/api/verdicts", new { key = _hostileId, verdict = "flagged" });
            Assert.That(noHeader.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

            http.DefaultRequestHeaders.Add("X-DataGen-Review", "1");
            using var bad = await http.PostAsJsonAsync("/api/verdicts", new { key = _hostileId, verdict = "maybe" });
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            using var saved = await http.PostAsJsonAsync("/api/verdicts", new { key = _hostileId, verdict = "flagged", note = "has markup" });
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        }

        await using (var restarted = await ReviewServer.StartAsync(options))
        {
            using var http = Client(restarted);
            var list = JsonNode.Parse(await http.GetStringAsync("/api/samples?verdict=flagged"))!;
            var flagged = list["samples"]!.AsArray().Single()!;
            Assert.That((flagged["key"]!.GetValue<string>(), flagged["note"]!.GetValue<string>(), flagged["reviewer"]!.GetValue<string>()), Is.EqualTo((_hostileId, "has markup", "tester")));
        }
    }

    [Test]
    public async Task Api_Filters_ByKindAxisAndStatus()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run, Token = "t" });
        using var http = Client(server);

        var stories = JsonNode.Parse(await http.GetStringAsync("/api/samples?kind=stories&status=kept"))!["samples"]!.AsArray();
        var axis = stories[0]!["axes"]!["setting"]!.GetValue<string>();
        var bySetting = JsonNode.Parse(await http.GetStringAsync($"/api/samples?axis={Uri.EscapeDataString("setting=" + axis)}"))!["samples"]!.AsArray();

        Assert.That(stories.Select(s => s!["kind"]!.GetValue<string>()), Is.All.EqualTo("stories").And.Not.Empty);
        Assert.That(bySetting.Select(s => s!["axes"]!["setting"]!.GetValue<string>()), Is.All.EqualTo(axis).And.Not.Empty);
    }

    private static HttpClient Client(ReviewServer server)
    {
        var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        return http;
    }
}
