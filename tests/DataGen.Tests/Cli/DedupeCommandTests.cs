using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataGen.Tests.Support;
using Parquet.Serialization;

namespace DataGen.Tests.Cli;

/// <summary><c>datagen dedupe</c> over planted JSONL and Parquet inputs: which ids keep, which drop, against whom, and bad input.</summary>
public sealed partial class DedupeCommandTests
{
    private const string Harbour = "The harbour master kept a ledger of every ship that came in after dark, and he wrote each name slowly because the lamp was poor and his hand was cold. "
        + "Nobody asked him to be so careful, yet he believed that a record made in haste was a record that would one day mislead someone who trusted it. "
        + "So he wrote, and checked, and wrote again, until the tide turned and the last boat was tied.";

    private const string Orchard = "In the orchard behind the school the children planted one tree for every class that left, and each tree carried a small tin label with the year. "
        + "Some labels rusted through and some trees died in the dry summers, but the teachers replanted them without a word, because the point had never been the trees.";

    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("datagen-dedupe-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Dedupe_AgainstAnEarlierRun_DropsItsCopiesNamingRunAndRowAndWritesNoneOfItsRows()
    {
        var earlier = Path.Combine(_folder, "earlier");
        Directory.CreateDirectory(Path.Combine(earlier, "documents"));
        await File.WriteAllTextAsync(Path.Combine(earlier, "manifest.json"), """{"runId": "first-run"}""");
        await ParquetSerializer.SerializeAsync(new[] { new DataGen.Output.Rows.TextSampleRow { Id = "old-h", Kind = "documents", Text = Harbour } }, Path.Combine(earlier, "documents", "part-00000.parquet"));
        var jsonl = Path.Combine(_folder, "new.jsonl");
        await File.WriteAllLinesAsync(jsonl, [Line("h3", Harbour.Replace("poor", "weak", StringComparison.Ordinal)), Line("o1", Orchard)]);
        var output = Path.Combine(_folder, "out");

        var run = await CliRun.InvokeAsync("dedupe", jsonl, "--against", earlier, "--out", output, "--config", TestPaths.PipelineJson);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var kept = (await File.ReadAllLinesAsync(Path.Combine(output, "kept.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString());
        var dropped = (await File.ReadAllLinesAsync(Path.Combine(output, "dropped.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept, Is.EqualTo(new[] { "o1" }), "the earlier run's own row is never written");
            Assert.That(dropped.GetProperty("id").GetString(), Is.EqualTo("h3"));
            Assert.That(dropped.GetProperty("keeper").GetString(), Is.EqualTo("first-run/old-h"));
            Assert.That(dropped.GetProperty("reason").GetString(), Is.EqualTo("near_duplicate"));
            Assert.That(run.Stdout, Does.Contain("against 1 earlier rows from 1 shard(s) of 1 run(s)"));
        }
    }

    [Test]
    public async Task Dedupe_AgainstAGlobMatchingNothing_ExitsOneNamingIt()
    {
        var jsonl = Path.Combine(_folder, "new.jsonl");
        await File.WriteAllLinesAsync(jsonl, [Line("o1", Orchard)]);

        var run = await CliRun.InvokeAsync("dedupe", jsonl, "--against", Path.Combine(_folder, "nothing", "*.parquet"), "--out", Path.Combine(_folder, "out"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stderr, Does.Contain("matches no run folder and no Parquet file"));
            Assert.That(File.Exists(Path.Combine(_folder, "out", "kept.jsonl")), Is.False);
        }
    }

    [Test]
    public async Task Dedupe_JsonlAndParquet_DropsExactAndNearDuplicatesOfTheFirstAndKeepsTheRest()
    {
        var jsonl = Path.Combine(_folder, "a.jsonl");
        await File.WriteAllLinesAsync(jsonl,
        [
            Line("h1", Harbour),
            Line("o1", Orchard),
            // Same text after normalisation: case and punctuation only.
            Line("h2", Harbour.ToUpperInvariant().Replace(",", string.Empty, StringComparison.Ordinal)),
            // One word changed in about 90: a near-duplicate well above 0.8.
            Line("h3", Harbour.Replace("poor", "weak", StringComparison.Ordinal)),
        ]);
        var parquet = Path.Combine(_folder, "b.parquet");
        await ParquetSerializer.SerializeAsync(
            new[] { new Row { Id = "o2", Text = Orchard.Replace("rusted", "corroded", StringComparison.Ordinal) }, new Row { Id = "x1", Text = "A short unrelated note about the weather on the coast this week and nothing else at all." } },
            parquet);
        var output = Path.Combine(_folder, "out");

        var run = await CliRun.InvokeAsync("dedupe", jsonl, parquet, "--out", output, "--config", TestPaths.PipelineJson);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var kept = (await File.ReadAllLinesAsync(Path.Combine(output, "kept.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString());
        var dropped = (await File.ReadAllLinesAsync(Path.Combine(output, "dropped.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("id").GetString()!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept, Is.EqualTo(new[] { "h1", "o1", "x1" }));
            Assert.That(dropped.Keys, Is.EquivalentTo(new[] { "h2", "h3", "o2" }));
            Assert.That(dropped["h2"].GetProperty("keeper").GetString(), Is.EqualTo("h1"));
            Assert.That(dropped["h2"].GetProperty("jaccard").GetDouble(), Is.EqualTo(1.0));
            Assert.That(dropped["h2"].GetProperty("reason").GetString(), Is.EqualTo("duplicate"));
            Assert.That(dropped["h3"].GetProperty("keeper").GetString(), Is.EqualTo("h1"));
            Assert.That(dropped["h3"].GetProperty("jaccard").GetDouble(), Is.InRange(0.8, 0.99));
            Assert.That(dropped["h3"].GetProperty("reason").GetString(), Is.EqualTo("near_duplicate"));
            Assert.That(dropped["o2"].GetProperty("keeper").GetString(), Is.EqualTo("o1"));
            Assert.That(run.Stdout, Does.Contain("dedupe: 6 documents from 2 file(s)").And.Contain("kept 3, dropped 1 exact and 2 near-duplicates"));
            Assert.That(Rates().IsMatch(run.Stdout), Is.True, run.Stdout);
        }
    }

    [Test]
    public async Task Dedupe_LineWithoutTheTextField_FailsNamingFileAndLineAndWritesNothing()
    {
        var jsonl = Path.Combine(_folder, "bad.jsonl");
        await File.WriteAllLinesAsync(jsonl, [Line("a", Harbour), """{"id": "b", "body": "no text field here"}"""]);
        var output = Path.Combine(_folder, "out");

        var run = await CliRun.InvokeAsync("dedupe", jsonl, "--out", output, "--config", TestPaths.PipelineJson);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain($"{jsonl}:2: no field 'text'"));
        Assert.That(Directory.GetFiles(output), Is.Empty);
    }

    [Test]
    public async Task Dedupe_IdRepeatedAcrossFiles_FailsNamingTheSecondPlace()
    {
        var first = Path.Combine(_folder, "one.jsonl");
        var second = Path.Combine(_folder, "two.jsonl");
        await File.WriteAllLinesAsync(first, [Line("a", Harbour)]);
        await File.WriteAllLinesAsync(second, [Line("z", Orchard), Line("a", "something else entirely")]);

        var run = await CliRun.InvokeAsync("dedupe", first, second, "--out", Path.Combine(_folder, "out"), "--config", TestPaths.PipelineJson);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain($"{second}:2: id 'a' appears a second time"));
    }

    [Test]
    public async Task Dedupe_CustomFieldNames_ReadsThem()
    {
        var jsonl = Path.Combine(_folder, "custom.jsonl");
        await File.WriteAllLinesAsync(jsonl, [$$"""{"key": 1, "body": {{JsonSerializer.Serialize(Harbour)}}}""", $$"""{"key": 2, "body": {{JsonSerializer.Serialize(Harbour)}}}"""]);
        var output = Path.Combine(_folder, "out");

        var run = await CliRun.InvokeAsync("dedupe", jsonl, "--text-field", "body", "--id-field", "key", "--out", output, "--config", TestPaths.PipelineJson);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "dropped.jsonl")), Does.Contain("\"id\":\"2\",\"keeper\":\"1\""));
    }

    [Test]
    public async Task BenchMinHash_SmallCorpus_PrintsWallAndCpuRatesMemoryAndIdealScores()
    {
        var bench = await CliRun.InvokeAsync("bench", "minhash", "--docs", "3000");

        Assert.That(bench.ExitCode, Is.Zero, bench.ToString());
        Assert.That(Rates().IsMatch(bench.Stdout), Is.True, bench.Stdout);
        Assert.That(bench.Stdout, Does.Contain("memory: index holds").And.Contain("signature Scalar"));
        // The warm-up is capped at the corpus size and named in the header, so a reader knows which pass was timed.
        Assert.That(bench.Stdout, Does.Contain("after an untimed warm-up of 3000 documents"));
        var scores = Ideal().Match(bench.Stdout);
        Assert.That(scores.Success, Is.True, bench.Stdout);
        Assert.That(double.Parse(scores.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0.95));
        Assert.That(double.Parse(scores.Groups[2].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0.95));
    }

    [Test]
    public async Task BenchMinHash_NoWarmup_SaysTheTimedPassWasCold()
    {
        var bench = await CliRun.InvokeAsync("bench", "minhash", "--docs", "2000", "--warmup", "0", "--no-ideal");

        Assert.That(bench.ExitCode, Is.Zero, bench.ToString());
        Assert.That(bench.Stdout, Does.Contain("cold (no warm-up)").And.Not.Contain("untimed warm-up"));
        Assert.That(Rates().IsMatch(bench.Stdout), Is.True, bench.Stdout);
    }

    private static string Line(string id, string text) => JsonSerializer.Serialize(new { id, text });

    [GeneratedRegex(@"\d+ documents per wall-second, \d+ per CPU-second")]
    private static partial Regex Rates();

    [GeneratedRegex(@"recall ([0-9.]+), precision ([0-9.]+)")]
    private static partial Regex Ideal();

    private sealed class Row
    {
        [System.Text.Json.Serialization.JsonPropertyName("id")]
        public string Id { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("text")]
        public string Text { get; set; } = string.Empty;
    }
}
