using DataGen.Output.Reading;
using DataGen.Reporting;
using DataGen.Tests.Support;

namespace DataGen.Tests.Reporting;

/// <summary>The figures the report's plots are drawn from: score bins and thresholds, coverage rows and labels.</summary>
public sealed class ReportPlotDataTests
{
    [Test]
    public async Task ScoreHistograms_IntegerScores_OneBinPerScoreWithThresholdAndJudgeRejects()
    {
        using var dir = new TempDirectory();
        int[] planted = [2, 3, 3, 5];
        var kept = planted.Select((score, i) => new PlantedRun.Story { Id = $"s{i}", PrincipleId = "p1", Text = "A story.", JudgeExplainsWhy = score }).ToList();
        var run = await RunData.LoadAsync(await PlantedRun.WriteAsync(dir.Combine("run"), kept,
        [
            new() { Id = "r1", PrincipleId = "p1", JudgeMean = 2.25, Content = "Dropped." },
            new() { Id = "r2", PrincipleId = "p1", JudgeMean = 3.0, Content = "Dropped too." },
            new() { Id = "r3", PrincipleId = "p1", Stage = "dedupe_exact", Reason = "duplicate", Content = "A story." },
        ]), CancellationToken.None);

        var histograms = RunStatistics.From(run).Kinds.Single().ScoreHistograms;

        var criterion = histograms.Single(h => h.Column == "judge_explains_why");
        var mean = histograms.Single(h => h.Column == ScoreHistogram.MeanColumn);
        using var scope = Assert.EnterMultipleScope();
        Assert.That(criterion.Bins, Is.EqualTo(new[] { "1", "2", "3", "4", "5" }));
        Assert.That(criterion.Kept, Is.EqualTo(new[] { 0, 1, 2, 0, 1 }));
        Assert.That((criterion.Threshold, criterion.Bins[criterion.ThresholdBin]), Is.EqualTo((2.0, "2")), "planted manifest: minScore 2");
        Assert.That(mean.Bins[0], Is.EqualTo("1"));
        Assert.That(mean.Bins[^1], Is.EqualTo("5"));
        Assert.That(mean.Bins[mean.ThresholdBin], Is.EqualTo("3.5"), "planted manifest: minMean 3.5");
        Assert.That(mean.Rejected.Sum(), Is.EqualTo(2), "judge rejects count; the duplicate does not");
        Assert.That(mean.Rejected[mean.Bins.ToList().IndexOf("2.25")], Is.EqualTo(1));
        Assert.That(mean.Rejected[mean.Bins.ToList().IndexOf("3")], Is.EqualTo(1));
        Assert.That(mean.Kept.Sum(), Is.EqualTo(4));
    }

    [Test]
    public async Task Coverage_PrincipleWithNoRow_IsARowOfZerosWithTheSameLabelsInEveryPlot()
    {
        using var dir = new TempDirectory();
        PlantedRun.Story Row(string kind, string id, string principle, string setting) =>
            new() { Kind = kind, Id = id, PrincipleId = principle, Text = "Text.", Axes = new() { ["setting"] = setting, ["principle"] = principle } };
        var run = await RunData.LoadAsync(await PlantedRun.WriteAsync(dir.Combine("run"),
            [Row("stories", "s1", "p1", "ship"), Row("stories", "s2", "p2", "office"), Row("documents", "d1", "p2", "ship")],
            [new() { Id = "r1", PrincipleId = "p3", Content = "Only reject of p3." }]), CancellationToken.None);

        var stats = RunStatistics.From(run);

        var stories = stats.Kinds.Single(k => k.Kind == "stories").Coverage;
        var documents = stats.Kinds.Single(k => k.Kind == "documents").Coverage;
        using var scope = Assert.EnterMultipleScope();
        Assert.That(stories.Keys, Is.EqualTo(new[] { "setting" }), "no principle × principle plot");
        Assert.That(stories["setting"].Principles, Is.EqualTo(new[] { "p1", "p2", "p3" }));
        Assert.That(documents["setting"].Principles, Is.EqualTo(stories["setting"].Principles));
        Assert.That(Enumerable.Range(0, stories["setting"].Values.Count).Select(v => stories["setting"].Counts[2, v]), Is.All.Zero);
        Assert.That(documents["setting"].CoveredPrinciples, Is.EqualTo(1));
    }

    [Test]
    public void Coverage_MoreThanTwentyValues_KeepsTheMostFrequentAndFoldsTheRestIntoOther()
    {
        var rows = Enumerable.Range(0, 30).SelectMany(v => Enumerable.Range(0, v + 1).Select(_ => Row("p1", $"value-{v:00}"))).ToList();

        var coverage = Coverage.Of(rows, "setting", ["p1"]);

        // value-11 .. value-29 have the most rows (12 .. 30); value-00 .. value-10 (1 + 2 + ... + 11 = 66 rows) are folded.
        Assert.That(coverage.Values, Has.Count.EqualTo(20));
        Assert.That(coverage.Values[^1], Is.EqualTo(Coverage.Other));
        Assert.That(coverage.Values.Take(19), Is.EqualTo(Enumerable.Range(11, 19).Select(v => $"value-{v:00}")));
        Assert.That(coverage.Counts[0, 19], Is.EqualTo(66));
    }

    private static RunRow Row(string principle, string setting) => new(new Dictionary<string, object?>
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["principle_id"] = principle,
        ["axes"] = new Dictionary<string, string> { ["setting"] = setting },
    }, isReject: false);
}
