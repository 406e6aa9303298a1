using System.Text.Json.Nodes;
using DataGen.Review;
using DataGen.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataGen.Tests.Review;

/// <summary>
/// The review page over a planted 100,000-row run in headless Chromium (Debian's): paging, sorting by judge score,
/// filtering while typing with late answers to older filters, rescuing a pipeline reject, and stale verdicts after a
/// rerun. Set <c>DATAGEN_SCREENSHOTS</c> to a folder to keep screenshots.
/// </summary>
[Category("Browser")]
public sealed class ReviewScaleBrowserTests
{
    private const int Rows = 100_000;
    private const int Rejects = 50;

    private TempDirectory _dir = null!;
    private string _run = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (ChromiumInstall.Check() is { } problem)
        {
            Assert.Fail(problem);
        }

        // The shared two-core test machine can be slow; a stale list is caught by the checks, not by the timeout.
        SetDefaultExpectTimeout(30_000);
        _dir = new TempDirectory();
        _run = await PlantedRun.LargeAsync(_dir.Combine("large"), Rows, Rejects);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumInstall.Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _dir?.Dispose();
    }

    [Test]
    public async Task Page_HundredThousandRows_PagesSortsAndFiltersWhileTypingWithoutAStaleList()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run });
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(server.PageUrl.ToString());
        await Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#count")).ToHaveTextAsync($"{Rows + Rejects} of {Rows + Rejects}");
        await Expect(page.Locator("#list li")).ToHaveCountAsync(100);

        await page.ClickAsync("#next");
        await Expect(page.Locator("#page")).ToHaveTextAsync("101–200");
        await Expect(page.Locator("#list li").First).ToHaveAttributeAsync("data-key", "story-000100");

        await page.SelectOptionAsync("#sort", "score:judge_explains_why");
        await page.SelectOptionAsync("#dir", "desc");
        await Expect(page.Locator("#list li .scores").First).ToContainTextAsync("explains_why 5");
        await Expect(page.Locator("#page")).ToHaveTextAsync("1–100");
        Assert.That(await page.Locator("#list li .scores").AllInnerTextsAsync(), Is.All.Contains("explains_why 5"));
        await ScreenshotAsync(page, "review-100k-sorted.png");

        // Answers to the shorter, older filters are held back so they arrive after the answer to the final one.
        const string typed = "story-09999";
        await page.RouteAsync("**/api/samples?**", async route =>
        {
            var q = System.Web.HttpUtility.ParseQueryString(new Uri(route.Request.Url).Query)["q"] ?? string.Empty;
            if (q.Length < typed.Length)
            {
                await Task.Delay(1500);
            }

            await route.ContinueAsync();
        });
        await page.FocusAsync("#filter-q");
        await page.Keyboard.TypeAsync(typed, new KeyboardTypeOptions { Delay = 15 });

        await Expect(page.Locator("#count")).ToHaveTextAsync($"10 of {Rows + Rejects}");
        await page.WaitForTimeoutAsync(4000);
        var keys = await page.Locator("#list li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.key)");
        Assert.That(keys, Has.Length.EqualTo(10));
        Assert.That(keys, Is.All.StartsWith(typed), "late answers to older filters did not replace the list");
        await Expect(page.Locator("#count")).ToHaveTextAsync($"10 of {Rows + Rejects}");
        await ScreenshotAsync(page, "review-100k-filtered.png");
    }

    [Test]
    public async Task Page_AcceptPipelineReject_ExportWritesItWithItsReason()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run, DefaultReviewer = "browser" });
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(server.PageUrl.ToString());
        await Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);

        await page.SelectOptionAsync("#filter-status", "judge_low_mean");
        await Expect(page.Locator("#count")).ToHaveTextAsync($"{Rejects} of {Rows + Rejects}");
        await page.Locator("#list li").Nth(3).ClickAsync();
        await Expect(page.Locator("#meta")).ToContainTextAsync("REJECTED by judge: judge_low_mean");
        var key = await page.Locator("#list li.current").GetAttributeAsync("data-key");
        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("accepted");

        using var export = new TempDirectory();
        var manifest = await ReviewExporter.ExportAsync(_run, export.Path, TimeProvider.System, CancellationToken.None);

        var rescued = DuckDb.Query($"SELECT id, reason, review_verdict, reviewer FROM read_parquet('{Path.Combine(export.Path, "rescued", "*.parquet")}')");
        Assert.That(rescued.Select(r => (r["id"], r["reason"], r["review_verdict"], r["reviewer"])),
            Is.EqualTo(new (object?, object?, object?, object?)[] { (key, "judge_low_mean", "accepted", "browser") }));
        Assert.That(manifest["kinds"]!["stories"]!["rescued"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(manifest["kinds"]!["stories"]!["rows"]!.GetValue<long>(), Is.EqualTo(Rows));
    }

    [Test]
    public async Task Page_RerunAfterPromptEdit_ShowsTheOldVerdictStaleAndExportIgnoresIt()
    {
        using var dir = new TempDirectory();
        var run = await PlantedRun.WriteAsync(dir.Combine("run"), [new() { Id = "s1", PrincipleId = "p1", Text = "First draft: a sermon about honesty." }], []);
        await using (var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = run }))
        {
            var page = await _browser.NewPageAsync();
            await page.GotoAsync(server.PageUrl.ToString());
            await Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
            await page.Keyboard.PressAsync("r");
            await Expect(page.Locator("#verdict")).ToContainTextAsync("rejected");
            await page.CloseAsync();
        }

        await PlantedRun.WriteAsync(run, [new() { Id = "s1", PrincipleId = "p1", Text = "After the prompt edit: Mara explains why she told the truth." }], []);
        await using (var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = run }))
        {
            var page = await _browser.NewPageAsync();
            await page.GotoAsync(server.PageUrl.ToString());
            await Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
            await Expect(page.Locator("#list li .verdict")).ToContainTextAsync("stale");
            await Expect(page.Locator("#verdict")).ToContainTextAsync("not applied");
            await ScreenshotAsync(page, "review-stale.png");
        }

        using var export = new TempDirectory();
        var manifest = await ReviewExporter.ExportAsync(run, export.Path, TimeProvider.System, CancellationToken.None);
        var rows = DuckDb.Query($"SELECT id, review_verdict FROM read_parquet('{Path.Combine(export.Path, "stories", "*.parquet")}')");
        Assert.That(rows.Select(r => (r["id"], r["review_verdict"])), Is.EqualTo(new (object?, object?)[] { ("s1", null) }));
        Assert.That(manifest["kinds"]!["stories"]!["stale"]!.GetValue<long>(), Is.EqualTo(1));
    }

    /// <summary>
    /// Not a check: writes the planted 100,000-row run to <c>DATAGEN_PLANTED_RUN</c> so the review server's memory
    /// can be measured on it with the real CLI (README, "Review at scale").
    /// </summary>
    [Test]
    [Explicit("writes a 100,000-row run for the memory measurement")]
    public async Task WritePlantedRun_ForTheMemoryMeasurement_HasAllRows()
    {
        var folder = Environment.GetEnvironmentVariable("DATAGEN_PLANTED_RUN") ?? Path.Combine(Path.GetTempPath(), "datagen-planted-100k");
        await PlantedRun.LargeAsync(folder, Rows, Rejects);
        var count = DuckDb.Query($"SELECT COUNT(*) AS n FROM read_parquet('{Path.Combine(folder, "stories", "*.parquet")}')").Single()["n"];
        Assert.That(Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Rows));
        TestContext.Out.WriteLine($"planted run: {folder}");
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("DATAGEN_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name) });
        }
    }
}
