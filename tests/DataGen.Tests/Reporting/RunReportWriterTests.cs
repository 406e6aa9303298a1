using DataGen.Reporting;
using DataGen.Tests.Support;
using Parquet.Schema;

namespace DataGen.Tests.Reporting;

public sealed class RunReportWriterTests
{
    private TempDirectory _dir = null!;
    private string _run = null!;

    [OneTimeSetUp]
    public async Task CreateRunAsync()
    {
        _dir = new TempDirectory();
        _run = await SimulatedRun.CreateAsync(_dir.Combine("run"), limit: 12);
    }

    [OneTimeTearDown]
    public void Cleanup() => _dir.Dispose();

    [Test]
    public async Task Write_SimulatedRun_WritesHtmlWithRealPngPlots()
    {
        var output = _dir.Combine("report-plain");

        var files = await RunReportWriter.WriteAsync(await RunData.LoadAsync(_run, CancellationToken.None), output, CancellationToken.None);

        var html = await File.ReadAllTextAsync(files.Html);
        var names = files.Images.Select(Path.GetFileName).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(names, Is.SupersetOf(new[] { "funnel.png", "lengths.png", "tokens.png", "coverage-documents-document_type.png", "coverage-stories-setting.png" }));
            foreach (var image in files.Images)
            {
                var (width, height) = PngFile.Size(image);
                Assert.That(width, Is.GreaterThanOrEqualTo(ReportPlots.Width), image);
                Assert.That(height, Is.GreaterThanOrEqualTo(ReportPlots.Height), image);
                Assert.That(new FileInfo(image).Length, Is.GreaterThan(5_000), image);
            }

            Assert.That(html, Does.Contain("SIMULATED RUN").And.Contain("Funnel").And.Contain("No judge scores in this run"));
            Assert.That(html, Does.Contain("data:image/png;base64,").And.Not.Contain("<script"));
        }
    }

    [Test]
    public async Task Write_RunWithJudgeAndClusterColumns_DrawsScoresAndClustersAndShowsThem()
    {
        var run = _dir.Combine("judged");
        CopyDirectory(_run, run);
        await SimulatedRun.EditShardAsync(Path.Combine(run, "stories", "part-00000.parquet"), (i, row) =>
        {
            row["judge_reasoning"] = (double)(1 + (i % 5));
            row["judge_rationale"] = "Shows its reasons.";
            row["near_dup_cluster"] = i < 3 ? "c1" : null;
        }, new DataField<double?>("judge_reasoning"), new DataField<string>("judge_rationale", true), new DataField<string>("near_dup_cluster", true));

        var data = await RunData.LoadAsync(run, CancellationToken.None);
        var files = await RunReportWriter.WriteAsync(data, _dir.Combine("report-judged"), CancellationToken.None);

        var html = await File.ReadAllTextAsync(files.Html);
        Assert.That(data.ScoreColumns, Is.EqualTo(new[] { "judge_reasoning" }), "a text judge_ column is not a score");
        Assert.That(files.Images.Select(Path.GetFileName), Does.Contain("scores-stories-mean.png").And.Contain("duplicates.png"));
        Assert.That(PngFile.Size(files.Images.Single(i => i.EndsWith("scores-stories-mean.png", StringComparison.Ordinal))).Width, Is.EqualTo(ReportPlots.Width));
        Assert.That(html, Does.Contain("judge_reasoning").And.Contain("near_dup_cluster").And.Not.Contain("No judge scores"));
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
