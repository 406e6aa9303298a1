using DataGen.Review;
using DataGen.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataGen.Tests.Review;

/// <summary>
/// Drives the review page in headless Chromium (Debian's <c>chromium</c> at <see cref="ChromiumInstall.Executable"/>,
/// installed by <c>.ci/run</c>, never by the tests). If it is missing these tests fail with a message saying so: they are part of the suite, not optional. Run alone with
/// <c>dotnet test --filter TestCategory=Browser</c>.
/// </summary>
[Category("Browser")]
public sealed class ReviewPageBrowserTests
{
    private const string Chromium = ChromiumInstall.Executable;

    private TempDirectory _dir = null!;
    private string _run = null!;
    private string _hostileId = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (ChromiumInstall.Check() is { } problem)
        {
            Assert.Fail(problem);
        }

        _dir = new TempDirectory();
        (_run, _hostileId) = await ReviewRunFixture.CreateAsync(_dir.Combine("run"));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
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
    public async Task Page_FilterOpenJudgeByKeyboardAndReload_KeepsVerdicts()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run, DefaultReviewer = "browser" });
        var page = await _browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(server.PageUrl.ToString());
        await Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        Assert.That(page.Url, Does.Not.Contain("token="), "the token leaves the address bar");

        await page.SelectOptionAsync("#filter-kind", "advice_chats");
        await Expect(page.Locator("#list li").First).ToContainTextAsync("advice_chats");
        var items = await page.Locator("#list li").AllInnerTextsAsync();
        Assert.That(items, Is.All.StartsWith("advice_chats"));

        await page.Locator("#list li").Nth(1).ClickAsync();
        await Expect(page.Locator("#content .turn.user")).ToHaveCountAsync(1);
        await Expect(page.Locator("#content .turn.assistant .role")).ToHaveTextAsync("assistant");
        var first = await page.Locator("#list li").Nth(1).GetAttributeAsync("data-key");

        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("accepted");
        await page.Keyboard.PressAsync("j");
        await Expect(page.Locator("#list li.current")).ToHaveAttributeAsync("data-key", (await page.Locator("#list li").Nth(2).GetAttributeAsync("data-key"))!);
        var second = await page.Locator("#list li.current").GetAttributeAsync("data-key");
        await page.Keyboard.PressAsync("r");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("rejected");
        await page.Keyboard.PressAsync("n");
        await page.Keyboard.TypeAsync("lectures the user");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#history li")).ToHaveCountAsync(2);

        await page.ReloadAsync();
        await Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#filter-verdict", "rejected");
        await Expect(page.Locator("#list li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#list li")).ToHaveAttributeAsync("data-key", second!);
        await Expect(page.Locator("#note")).ToHaveValueAsync("lectures the user");
        await page.SelectOptionAsync("#filter-verdict", "accepted");
        await Expect(page.Locator("#list li")).ToHaveAttributeAsync("data-key", first!);

        var current = await server.Store.CurrentAsync(CancellationToken.None);
        Assert.That(current[first!].Value, Is.EqualTo(Verdict.Accepted));
        Assert.That((current[second!].Value, current[second!].Note), Is.EqualTo((Verdict.Rejected, "lectures the user")));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Page_SampleWithScriptAndHtml_ShowsItAsTextAndRunsNothing()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run });
        var page = await _browser.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync(server.PageUrl.ToString());
        await Expect(page.Locator("body[data-ready='1']")).ToHaveCountAsync(1);

        await page.Locator($"#list li[data-key='{_hostileId}']").ClickAsync();

        await Expect(page.Locator("#content")).ToContainTextAsync("<script>window.__pwned = 1</script>");
        Assert.That(await page.Locator("#content").InnerTextAsync(), Does.Contain("<img src=x onerror=\"window.__pwned = 2\"><b>bold</b> & the end"));
        Assert.That(await page.Locator("#content script, #content img, #content b").CountAsync(), Is.Zero);
        Assert.That(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), Is.True);
        Assert.That(dialogs, Is.Zero);
    }

    [Test]
    public async Task Page_WithoutToken_IsRefused()
    {
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = _run });
        var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(server.BaseUrl.ToString());
        var api = await page.GotoAsync(new Uri(server.BaseUrl, "/api/samples").ToString());

        Assert.That(response!.Status, Is.EqualTo(401));
        Assert.That(api!.Status, Is.EqualTo(401));
        Assert.That(await page.ContentAsync(), Does.Not.Contain("advice_chats"));
        await context.CloseAsync();
    }
}
