using System.Globalization;
using System.Text.RegularExpressions;
using DataGen.Tests.Support;

namespace DataGen.Tests.Cli;

/// <summary>
/// <c>datagen bench</c> prints figures a reader can rerun and compare; timing targets are not asserted here (a unit test
/// on a shared machine cannot time honestly), only that the passes run and report what they measured.
/// </summary>
public sealed partial class BenchCommandTests
{
    [Test]
    public async Task Bench_OverHttpWithWarmup_PrintsBothPassesAndTheirFigures()
    {
        var bench = await CliRun.InvokeAsync("bench", "--config", TestPaths.PipelineJson, "-C", "16", "-L", "5", "-n", "40", "--warmup", "10", "--quality", "off", "--server", "inprocess");

        Assert.That(bench.ExitCode, Is.Zero, bench.ToString());
        Assert.That(bench.Stdout, Does.Contain("warm-up (cold, not the result): samples 10, status completed"));
        Assert.That(bench.Stdout, Does.Contain("measured (steady state): samples 40, status completed"));
        // Stories are one call each, and with the quality stages off every sample is a row.
        Assert.That(Calls().Matches(bench.Stdout).Select(m => (m.Groups[1].Value, m.Groups[2].Value)), Is.EqualTo(new[] { ("10", "10"), ("40", "40") }));
        var ratio = double.Parse(Ratio().Match(bench.Stdout.Split("measured")[1]).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(ratio, Is.GreaterThan(0).And.LessThanOrEqualTo(1.5));
    }

    [Test]
    public async Task Bench_ColdWithQualityStages_CountsRejectsAndRows()
    {
        var bench = await CliRun.InvokeAsync("bench", "--config", TestPaths.PipelineJson, "-C", "8", "-L", "1", "-n", "30", "--warmup", "0", "--transport", "inprocess");

        Assert.That(bench.ExitCode, Is.Zero, bench.ToString());
        Assert.That(bench.Stdout, Does.Contain("quality stages config").And.Contain("measured (cold start): samples 30"));
        var rows = RowsAndRejects().Match(bench.Stdout);
        Assert.That(int.Parse(rows.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(rows.Groups[2].Value, CultureInfo.InvariantCulture), Is.EqualTo(30));
        // The per-check breakdown: every check that saw a sample, and what settled the language check's paragraphs.
        Assert.That(bench.Stdout, Does.Match(@"check repetition: [1-9]\d* samples, [\d.]+ ms per sample"));
        Assert.That(bench.Stdout, Does.Match(@"language paragraphs: [1-9]\d* counted, \d+ plainly English \(prefilter\), \d+ settled by the share bound \(too few words to change the verdict\), \d+ asked of Lingua"));
    }

    [Test]
    public async Task BenchParquet_SmallCorpus_PrintsBothWritersAndTheColumnsThatDiffer()
    {
        var bench = await CliRun.InvokeAsync("bench", "parquet", "--rows", "300", "--row-group", "100", "--repeat", "1");

        Assert.That(bench.ExitCode, Is.Zero, bench.ToString());
        Assert.That(bench.Stdout, Does.Contain("parquet: 300 story rows").And.Contain("100 rows per row group, snappy"));
        Assert.That(bench.Stdout, Does.Match(@"datagen: [\d.]+ s, [\d.]+ MiB \([1-9]\d* bytes\)"));
        Assert.That(bench.Stdout, Does.Match(@"duckdb COPY: [\d.]+ s, [\d.]+ MiB \([1-9]\d* bytes\)"));
        Assert.That(bench.Stdout, Does.Match(@"text: [1-9]\d* \[[A-Z_, ]+\] / [1-9]\d* \[[A-Z_, ]+\]"));
        // Both readers read back every row DataGen wrote.
        Assert.That(bench.Stdout, Does.Match(@"read, datagen: [\d.]+ s, 300 rows"));
        Assert.That(bench.Stdout, Does.Match(@"read, duckdb: [\d.]+ s, 300 rows"));
        // DataGen writes three shards of 100 rows; DuckDB cannot make a group smaller than its vector, so the bench says so.
        Assert.That(bench.Stdout, Does.Match(@"datagen: 3, 100-100, [1-9]\d*\n"));
        Assert.That(bench.Stdout, Does.Match(@"duckdb: 1, 300-300, [1-9]\d*\n"));
        Assert.That(bench.Stdout, Does.Contain("the row groups differ"));
    }

    [Test]
    public async Task BenchParquet_Keep_LeavesBothWritersFilesInTheFolder()
    {
        using var dir = new TempDirectory();
        var kept = dir.Combine("kept");

        var bench = await CliRun.InvokeAsync("bench", "parquet", "--rows", "120", "--row-group", "60", "--repeat", "1", "--keep", kept);

        Assert.That(bench.ExitCode, Is.Zero, bench.ToString());
        Assert.That(Directory.GetFiles(Path.Combine(kept, "datagen-0", "stories"), "part-*.parquet"), Has.Length.EqualTo(2));
        Assert.That(new FileInfo(Path.Combine(kept, "duckdb-0.parquet")).Length, Is.GreaterThan(0));
    }

    [Test]
    public async Task Bench_DecontaminationOnThenOff_PrintsTheCascadeStepsOnlyWhenOn()
    {
        var on = await CliRun.InvokeAsync("bench", "--config", TestPaths.PipelineJson, "-C", "8", "-L", "1", "-n", "20", "--warmup", "0", "--transport", "inprocess");
        var off = await CliRun.InvokeAsync("bench", "--config", TestPaths.PipelineJson, "-C", "8", "-L", "1", "-n", "20", "--warmup", "0", "--transport", "inprocess", "--decontamination", "off");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(on.ExitCode, Is.Zero, on.ToString());
            Assert.That(off.ExitCode, Is.Zero, off.ToString());
            // Every story has at least its text checked, so containment sees at least one text per kept-so-far sample.
            Assert.That(on.Stdout, Does.Match(@"decontamination containment: [1-9]\d* texts"));
            Assert.That(off.Stdout, Does.Contain("quality stages config without decontamination"));
            Assert.That(off.Stdout, Does.Not.Contain("decontamination containment:"));
        }
    }

    [Test]
    public async Task Bench_ServerInItsOwnProcess_ReportsItsCpuApartAndStopsIt()
    {
        var bench = await CliRun.InvokeAsync("bench", "--config", TestPaths.PipelineJson, "-C", "8", "-L", "5", "-n", "20", "--warmup", "0", "--quality", "off", "--server", "process");

        Assert.That(bench.ExitCode, Is.Zero, bench.ToString());
        Assert.That(bench.Stdout, Does.Contain("simulator server in its own process at http://127.0.0.1:"));
        Assert.That(ServerCpu().IsMatch(bench.Stdout), Is.True, bench.Stdout);
        var port = ServerPort().Match(bench.Stdout).Groups[1].Value;
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.That(async () => await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/v1/models")), Throws.InstanceOf<HttpRequestException>(), "the child server outlived the bench");
    }

    [Test]
    public async Task Bench_ReplayServer_RecordsTheWarmupAndAnswersEveryMeasuredCallFromMemory()
    {
        var bench = await CliRun.InvokeAsync("bench", "--config", TestPaths.PipelineJson, "-C", "8", "-L", "5", "-n", "20", "--warmup", "5", "--repeat", "2");

        Assert.That(bench.ExitCode, Is.Zero, bench.ToString());
        Assert.That(bench.Stdout, Does.Contain("replay server in its own process at http://127.0.0.1:"));
        Assert.That(bench.Stdout, Does.Contain("note: --server replay records the measured pass first, so the warm-up generates 20 samples"));
        Assert.That(bench.Stdout, Does.Contain("warm-up and recording (the simulator composes every reply; not the result): samples 20, status completed"));
        // Same seeds, same replies, so the same judge prompts: the measured pass asks nothing the recording did not.
        var calls = Calls().Matches(bench.Stdout).Select(m => m.Groups[1].Value).ToList();
        Assert.That(calls, Has.Count.EqualTo(3));
        Assert.That(calls.Distinct(), Has.Exactly(1).Items);
        Assert.That(bench.Stdout.Split('\n').Count(l => l.Contains($"replay: {calls[0]} requests answered from memory, 0 composed by the simulator", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(bench.Stdout, Does.Contain("measured (steady state) 2 of 2: samples 20"));
        Assert.That(bench.Stdout, Does.Match(@"median of 2 measured passes: ratio [\d.]+ \([\d.]+, [\d.]+\), client cpu [\d.]+ ms per sample"));
        Assert.That(bench.Stdout, Does.Match(@"server cpu: [\d.]+ ms per call in the replay server process"));
        // The rows of both passes come from the same replies, so the quality stages kept and dropped the same samples.
        Assert.That(RowsAndRejects().Matches(bench.Stdout).Select(m => m.Value).Distinct(), Has.Exactly(1).Items);
    }

    [Test]
    public async Task Bench_EndpointNotAUrl_ExitsWithAClearError()
    {
        var bench = await CliRun.InvokeAsync("bench", "--config", TestPaths.PipelineJson, "--endpoint", "localhost:8000");

        Assert.That(bench.ExitCode, Is.Not.Zero);
        Assert.That(bench.Stderr + bench.Stdout, Does.Contain("--endpoint: 'localhost:8000' is not an http(s) URL"));
    }

    [GeneratedRegex(@"server cpu: [\d.]+ ms per call in the simulator server process")]
    private static partial Regex ServerCpu();

    [GeneratedRegex(@"own process at http://127\.0\.0\.1:(\d+)/v1")]
    private static partial Regex ServerPort();

    [GeneratedRegex(@"calls: (\d+) in [\d.]+ s, rows (\d+)")]
    private static partial Regex Calls();

    [GeneratedRegex(@"ratio ([\d.]+)")]
    private static partial Regex Ratio();

    [GeneratedRegex(@"rows (\d+), rejects (\d+)")]
    private static partial Regex RowsAndRejects();
}
