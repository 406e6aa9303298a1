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
            Assert.That(PngFile.Size(image).Width, Is.EqualTo(ReportPlots.Width), image);
        }
    }
}
