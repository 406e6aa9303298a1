using DataGen.Tests.Support;

namespace DataGen.Tests.Cli;

public sealed class ReviewToolCommandsTests
{
    [Test]
    public async Task ReportAndCompare_SimulatedRuns_WriteHtmlAndPngs()
    {
        using var dir = new TempDirectory();
        var run = await SimulatedRun.CreateAsync(dir.Combine("run"), limit: 4);

        var report = await CliRun.InvokeAsync("report", run);
        var compare = await CliRun.InvokeAsync("compare", run, run, "--out", dir.Combine("cmp"));

        Assert.That(report.ExitCode, Is.Zero, report.ToString());
        Assert.That(report.Stdout, Does.Contain(Path.Combine(run, "report", "report.html")));
        Assert.That(PngFile.Size(Path.Combine(run, "report", "funnel.png")).Width, Is.GreaterThan(0));
        Assert.That(compare.ExitCode, Is.Zero, compare.ToString());
        Assert.That(File.Exists(dir.Combine("cmp", "compare.html")), Is.True);
    }

    [Test]
    public async Task Report_MissingFolder_ExitsOne()
    {
        using var dir = new TempDirectory();

        var report = await CliRun.InvokeAsync("report", dir.Combine("nope"));

        Assert.That(report.ExitCode, Is.EqualTo(1), report.ToString());
        Assert.That(report.Stderr, Does.Contain("no such run folder"));
    }

    [Test]
    public async Task Preview_Stories_PrintsPromptsSamplesAndChecksAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var before = Directory.EnumerateFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Count();

        var preview = await CliRun.InvokeAsync("preview", "--config", config, "--kind", "stories", "--n", "3");

        Assert.That(preview.ExitCode, Is.Zero, preview.ToString());
        Assert.That(preview.Stdout, Does.Contain("=== 1/3").And.Contain("=== 3/3").And.Contain("[user]").And.Contain("--- sample").And.Contain("--- checks"));
        Assert.That(preview.Stdout, Does.Contain("SIMULATED"));
        Assert.That(Directory.EnumerateFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Count(), Is.EqualTo(before));
    }

    [Test]
    public async Task Preview_UnknownKind_ExitsOne()
    {
        var preview = await CliRun.InvokeAsync("preview", "--config", TestPaths.PipelineJson, "--kind", "poems");

        Assert.That(preview.ExitCode, Is.EqualTo(1), preview.ToString());
    }

    [Test]
    public async Task Help_NewCommands_Answer()
    {
        foreach (var command in new[] { "report", "compare", "review", "export", "preview" })
        {
            var run = await CliRun.InvokeAsync(command, "--help");

            Assert.That(run.ExitCode, Is.Zero, command);
            Assert.That(run.Stdout, Does.Contain("Usage"), command);
        }
    }
}
