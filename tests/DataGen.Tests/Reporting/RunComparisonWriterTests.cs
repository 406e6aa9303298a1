using DataGen.Reporting;
using DataGen.Tests.Support;

namespace DataGen.Tests.Reporting;

public sealed class RunComparisonWriterTests
{
    [Test]
    public async Task Write_PromptEdited_ShowsChangedPromptAndBothRunsWithPlots()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var a = await SimulatedRun.CreateAsync(dir.Combine("a"), limit: 8, config: config);
        await File.AppendAllTextAsync(dir.Combine("prompts", "stories", "draft_embodiment.md"), "\nKeep it under 900 words.\n");
        var b = await SimulatedRun.CreateAsync(dir.Combine("b"), limit: 8, config: config);

        var files = await RunComparisonWriter.WriteAsync(
            await RunData.LoadAsync(a, CancellationToken.None), await RunData.LoadAsync(b, CancellationToken.None), dir.Combine("cmp"), CancellationToken.None);

        var html = await File.ReadAllTextAsync(files.Html);
        Assert.That(html, Does.Match("stories / draft_embodiment</td><td>stories/draft_embodiment.md@[0-9a-f]+</td><td>stories/draft_embodiment.md@[0-9a-f]+</td><td>yes"));
        Assert.That(html, Does.Contain("documents / draft").And.Contain("mean words").And.Contain("No judge scores in either run"));
        Assert.That(files.Images.Select(Path.GetFileName), Does.Contain("lengths-stories.png"));
        foreach (var image in files.Images)
        {
            Assert.That(PngFile.Size(image).Width, Is.GreaterThanOrEqualTo(ReportPlots.Width), image);
        }
    }

    [Test]
    public async Task Write_SameSeedWithNewText_ShowsBeforeAndAfterAndScoreIntervals()
    {
        using var dir = new TempDirectory();
        PlantedRun.Story Story(string id, string text, int score) => new() { Id = id, PrincipleId = "p1", Text = text, JudgeExplainsWhy = score, Axes = new() { ["setting"] = "ship" } };
        var a = await PlantedRun.WriteAsync(dir.Combine("a"), [Story("s1", "Before: a lecture on honesty.", 4), Story("s2", "Unchanged story.", 4)], [], runId: "a");
        var b = await PlantedRun.WriteAsync(dir.Combine("b"), [Story("s1", "After: Mara explains why she told the truth.", 2), Story("s2", "Unchanged story.", 4)], [], runId: "b");

        var files = await RunComparisonWriter.WriteAsync(await RunData.LoadAsync(a, CancellationToken.None), await RunData.LoadAsync(b, CancellationToken.None), dir.Combine("cmp"), CancellationToken.None);

        var html = await File.ReadAllTextAsync(files.Html);
        var section = html[html.IndexOf("Same seed, before and after", StringComparison.Ordinal)..];
        Assert.That(section, Does.Contain("<td>stories / s1</td><td>Before: a lecture on honesty.</td><td>After: Mara explains why she told the truth.</td>"));
        Assert.That(section, Does.Not.Contain("stories / s2"));
        // A: 4, 4 (sd 0); B: 2, 4: mean 3, sd √2, half-width 1.96 · √2 / √2 = 1.96.
        Assert.That(html, Does.Contain("4.00 to 4.00 (n=2)").And.Contain("1.04 to 4.96 (n=2)"));
        Assert.That(files.Images.Select(Path.GetFileName), Does.Contain("coverage-A-stories-setting.png").And.Contain("coverage-B-stories-setting.png"));
    }
}
