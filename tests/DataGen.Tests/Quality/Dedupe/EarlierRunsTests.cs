using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Output.Rows;
using DataGen.Quality.Dedupe;
using DataGen.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Parquet.Serialization;

namespace DataGen.Tests.Quality.Dedupe;

public sealed class EarlierRunsTests
{
    // Written for these tests: three unrelated passages of an earlier run, and this run's texts relative to them.
    private const string Lighthouse = "The keeper of the northern lighthouse logged every ship that passed in a ledger bound in green cloth, "
        + "and when the storm of that winter broke the lamp he climbed the stairs with a lantern and kept the light burning by hand until dawn. "
        + "The harbour master later read the ledger aloud at the inquiry and nobody could find a single missing entry in forty years of weather.";

    private const string Orchard = "Every autumn the cooperative pressed its apples in a barn at the edge of the village, and the children "
        + "were paid in cider and stories while the older members argued about which trees to graft in spring and which to let go wild.";

    private const string Bridge = "The engineers tested the footbridge by marching a brass band across it twice, once in step and once out of step, "
        + "and measured how far the deck swayed each time with a pencil tied to a string above a sheet of paper.";

    [Test]
    public async Task ExactAndNearStages_EarlierRunRows_DropCopiesNamingTheEarlierRunAndRow()
    {
        using var dir = new TempDirectory();
        var run = await WriteRunAsync(dir.Combine("run-a"), "run-a-id", ("lh-1", DataKind.Documents, Lighthouse), ("or-1", DataKind.Documents, Orchard), ("br-1", DataKind.Stories, Bridge));
        var earlier = EarlierRuns.Resolve([run], dir.Combine("run-b"), "pipeline.json")!;
        var exact = new ExactDedupeStage(new FakeTimeProvider(), ct => earlier.ReadAsync(DataKind.Documents, ct));
        var near = new NearDuplicateStage(new NearDuplicateOptions(), new FakeTimeProvider(), ct => earlier.ReadAsync(DataKind.Documents, ct));
        var lightEdit = Lighthouse.Replace("green cloth", "green linen", StringComparison.Ordinal);

        var outcomes = await QualitySamples.ToListAsync(near.ProcessAsync(exact.ProcessAsync(QualitySamples.Stream(
            GenerationOutcome.Of(QualitySamples.Text(Orchard.ToUpperInvariant(), index: 1)),
            GenerationOutcome.Of(QualitySamples.Text(lightEdit, index: 2)),
            GenerationOutcome.Of(QualitySamples.Text(Bridge, index: 3)),
            GenerationOutcome.Of(QualitySamples.Text("A new text about tide tables and the fishermen who trusted them more than the radio forecast.", index: 4))))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes[0].Rejection?.Reason, Is.EqualTo("duplicate"));
            Assert.That(outcomes[0].Rejection?.Matched, Is.EqualTo("run-a-id/or-1"));
            Assert.That(outcomes[0].Rejection?.Detail, Does.Contain("earlier run run-a-id row or-1"));
            Assert.That(outcomes[1].Rejection?.Reason, Is.EqualTo("near_duplicate"));
            Assert.That(outcomes[1].Rejection?.Matched, Is.EqualTo("run-a-id/lh-1"));
            Assert.That(outcomes[2].Sample, Is.Not.Null, "the earlier Bridge row is a story: documents are not deduped against it");
            Assert.That(outcomes[3].Sample, Is.Not.Null);
            Assert.That(exact.EarlierRows, Is.EqualTo(2));
            Assert.That(near.EarlierRows, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task ProcessAsync_SecondPass_LoadsTheEarlierRowsOnce()
    {
        using var dir = new TempDirectory();
        var run = await WriteRunAsync(dir.Combine("run-a"), "run-a-id", ("or-1", DataKind.Documents, Orchard));
        var earlier = EarlierRuns.Resolve([run], dir.Combine("run-b"), "pipeline.json")!;
        var exact = new ExactDedupeStage(new FakeTimeProvider(), ct => earlier.ReadAsync(DataKind.Documents, ct));

        await QualitySamples.ToListAsync(exact.ProcessAsync(QualitySamples.Stream(GenerationOutcome.Of(QualitySamples.Text(Lighthouse, index: 1)))));
        var second = await QualitySamples.ToListAsync(exact.ProcessAsync(QualitySamples.Stream(GenerationOutcome.Of(QualitySamples.Text(Orchard, index: 2)))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exact.EarlierRows, Is.EqualTo(1));
            Assert.That(second[0].Rejection?.Matched, Is.EqualTo("run-a-id/or-1"));
        }
    }

    [Test]
    public async Task Resolve_Glob_MatchesShardsAcrossFoldersAndNamesTheirRun()
    {
        using var dir = new TempDirectory();
        await WriteRunAsync(dir.Combine("runs", "a"), "id-a", ("x", DataKind.Documents, Orchard));
        await WriteRunAsync(dir.Combine("runs", "b"), "id-b", ("y", DataKind.Stories, Bridge));

        var all = EarlierRuns.Resolve([dir.Combine("runs", "**", "part-*.parquet")], dir.Combine("out"), "pipeline.json")!;
        var stories = EarlierRuns.Resolve([dir.Combine("runs", "*", "stories", "*.parquet")], dir.Combine("out"), "pipeline.json")!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Shards.Select(s => s.Run), Is.EqualTo(new[] { "id-a", "id-b" }));
            Assert.That(stories.Shards.Select(s => s.Run), Is.EqualTo(new[] { "id-b" }));
        }
    }

    [Test]
    public async Task Resolve_RunFolder_LeavesRejectsOut()
    {
        using var dir = new TempDirectory();
        var run = await WriteRunAsync(dir.Combine("a"), "id-a", ("x", DataKind.Documents, Orchard));
        await WriteShardAsync(Path.Combine(run, "rejects", "part-00000.parquet"), ("r", DataKind.Documents, Lighthouse));

        var earlier = EarlierRuns.Resolve([run], dir.Combine("out"), "pipeline.json")!;

        Assert.That(earlier.Shards.Select(s => Path.GetFileName(Path.GetDirectoryName(s.Path))), Is.EqualTo(new[] { "documents" }));
    }

    [Test]
    public void Resolve_NothingMatches_IsOneConfigErrorListingEveryEntry()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("empty-run"));

        var error = Assert.Throws<ConfigException>(() => EarlierRuns.Resolve([dir.Combine("missing", "*.parquet"), dir.Combine("empty-run")], dir.Combine("out"), "pipeline.json"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.File, Is.EqualTo("pipeline.json"));
            Assert.That(error.Problems, Has.Count.EqualTo(2));
            Assert.That(error.Problems[0], Does.StartWith("$.dedupe.against[0]: ").And.Contain("matches no run folder and no Parquet file"));
            Assert.That(error.Problems[1], Does.StartWith("$.dedupe.against[1]: ").And.Contain("without kept Parquet shards"));
        }
    }

    [Test]
    public async Task Resolve_OwnOutputFolder_IsAConfigError()
    {
        using var dir = new TempDirectory();
        var run = await WriteRunAsync(dir.Combine("a"), "id-a", ("x", DataKind.Documents, Orchard));

        var error = Assert.Throws<ConfigException>(() => EarlierRuns.Resolve([run], run, "pipeline.json"));

        Assert.That(error!.Problems[0], Does.Contain("inside this run's own output folder"));
    }

    [Test]
    public void Resolve_EmptyList_IsOff() => Assert.That(EarlierRuns.Resolve([], "out", "pipeline.json"), Is.Null);

    private static async Task<string> WriteRunAsync(string folder, string runId, params (string Id, DataKind Kind, string Text)[] rows)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), $$"""{"runId": "{{runId}}"}""");
        foreach (var group in rows.GroupBy(r => r.Kind))
        {
            await WriteShardAsync(Path.Combine(folder, group.Key.Name(), "part-00000.parquet"), [.. group]);
        }

        return folder;
    }

    private static async Task WriteShardAsync(string path, params (string Id, DataKind Kind, string Text)[] rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var stream = File.Create(path);
        await ParquetSerializer.SerializeAsync(rows.Select(r => new TextSampleRow { Id = r.Id, Kind = r.Kind.Name(), Text = r.Text }), stream);
    }
}
