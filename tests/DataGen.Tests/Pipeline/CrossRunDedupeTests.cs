using System.Text.Json.Nodes;
using DataGen.Tests.Support;

namespace DataGen.Tests.Pipeline;

/// <summary>
/// <c>dedupe.against</c> end to end: a second run of the same config (the simulator's replies are a function of the
/// request, so it writes the same texts again) deduped against the first keeps none of the first run's rows, in one
/// process and sharded, and every drop names the first run and its row.
/// </summary>
public sealed class CrossRunDedupeTests
{
    private TempDirectory _dir = null!;
    private string _config = null!;
    private string _first = null!;

    [OneTimeSetUp]
    public async Task RunTheFirstRunAsync()
    {
        _dir = new TempDirectory();
        _config = _dir.CopyRepoInputs();
        _first = _dir.Combine("first");
        var run = await CliRun.InvokeAsync("run", "--config", _config, "--out", _first, "--limit", "4");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
    }

    [OneTimeTearDown]
    public void RemoveFolder() => _dir.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public async Task Run_AgainstTheFirstRun_DropsEveryRowOfTheFirstRunNamingItsRunAndRow(bool sharded)
    {
        var config = await ConfigAgainstAsync(sharded ? "sharded" : "single", "first");
        var output = _dir.Combine(sharded ? "second-sharded" : "second");

        var run = await CliRun.InvokeAsync(["run", "--config", config, "--out", output, "--limit", "4", .. sharded ? new[] { "--shards", "3" } : []]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var firstId = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_first, "manifest.json")))!["runId"]!.GetValue<string>();
        var firstRows = ScaleRun.Rows(_first);
        Assert.That(firstRows, Is.Not.Empty, "the first run kept rows");
        var kept = ScaleRun.Rows(output);
        var drops = DuckDb.Query($"SELECT kind, matched, detail FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}') WHERE stage = 'dedupe_exact'")
            .Select(r => $"{r["kind"]}\t{r["matched"]}").ToList();
        var expected = firstRows.Select(r => r.Split('\t')).Select(f => $"{f[0]}\t{firstId}/{f[1]}").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept.Select(Content).Intersect(firstRows.Select(Content)), Is.Empty, "no kept row repeats a row of the first run");
            // A's own exact duplicates (dropped in A too) now match A's kept row, so the drops hold at least A's rows.
            Assert.That(drops, Is.SupersetOf(expected), "each of the first run's rows is dropped, naming that run and row");
            Assert.That(drops.Select(d => d.Split('\t')[1]), Has.All.StartWith(firstId + "/"));
        }

        static string Content(string row) => row[(row.IndexOf('\t', row.IndexOf('\t') + 1) + 1)..];
    }

    [Test]
    public async Task Run_AgainstAGlobMatchingNothing_ExitsOneNamingTheEntry()
    {
        var config = await ConfigAgainstAsync("nothing", Path.Combine("no-such-run", "*", "part-*.parquet"));
        var output = _dir.Combine("never");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "4");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stderr, Does.Contain("$.dedupe.against[0]").And.Contain("matches no run folder and no Parquet file"));
            Assert.That(Directory.Exists(output) && Directory.EnumerateFiles(output, "*.parquet", SearchOption.AllDirectories).Any(), Is.False, "nothing written");
        }
    }

    private async Task<string> ConfigAgainstAsync(string name, string against)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(_config))!;
        json["dedupe"]!["against"] = new JsonArray(against);
        var path = _dir.Combine($"{name}.pipeline.json");
        await File.WriteAllTextAsync(path, json.ToJsonString());
        return path;
    }
}
