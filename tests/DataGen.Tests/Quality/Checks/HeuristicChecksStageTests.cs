using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Checks;
using Microsoft.Extensions.Time.Testing;

namespace DataGen.Tests.Quality.Checks;

public sealed class HeuristicChecksStageTests
{
    // QualitySamples.Prose is made of invented syllable words, no language at all: the language check (tested in
    // LanguageCheckTests) would rightly drop it, so these plumbing tests leave it out.
    private static HeuristicChecksStage Stage() =>
        new(HeuristicChecksStage.DefaultChecks(new ChecksOptions { Language = new LanguageCheckOptions { Enabled = false } }), new FakeTimeProvider());

    [Test]
    public async Task ProcessAsync_EmptyInput_YieldsNothing()
    {
        var stage = Stage();
        Assert.That(await QualitySamples.ToListAsync(stage.ProcessAsync(QualitySamples.Stream())), Is.Empty);
        Assert.That(stage.Counters.Seen, Is.Zero);
    }

    [Test]
    public async Task ProcessAsync_MixedInput_DropsBadKeepsGoodPassesRejectionsAndCountsPerReason()
    {
        var stage = Stage();
        var earlier = new Rejection { Seed = QualitySamples.Seed(DataKind.Documents, 9), Stage = "generate", Reason = "unparseable", CreatedAt = DateTimeOffset.UnixEpoch };
        var outcomes = await QualitySamples.ToListAsync(stage.ProcessAsync(QualitySamples.Stream(
            GenerationOutcome.Of(QualitySamples.Text("too short", index: 1)),
            GenerationOutcome.Of(earlier),
            GenerationOutcome.Of(QualitySamples.Text(QualitySamples.Prose(12), index: 2)))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes[0].Rejection!.Reason, Is.EqualTo("too_short"));
            Assert.That(outcomes[0].Rejection!.Stage, Is.EqualTo("checks"));
            Assert.That(outcomes[1].Rejection, Is.SameAs(earlier));
            Assert.That(outcomes[2].Sample!.Id, Is.EqualTo(QualitySamples.Seed(DataKind.Documents, 2).Id));
            Assert.That(stage.Counters.Dropped, Is.EqualTo(new Dictionary<string, long> { ["too_short"] = 1 }));
            Assert.That(stage.Counters.Kept, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ProcessAsync_ThrowingCheck_DropsThatSampleAndContinues()
    {
        var stage = new HeuristicChecksStage([new ThrowingCheck()], new FakeTimeProvider());
        var outcomes = await QualitySamples.ToListAsync(stage.ProcessAsync(QualitySamples.Stream(
            GenerationOutcome.Of(QualitySamples.Text("boom", index: 1)), GenerationOutcome.Of(QualitySamples.Text("fine", index: 2)))));

        Assert.That(outcomes.Select(o => o.Rejection?.Reason), Is.EqualTo(new[] { "check_error", null }));
    }

    [Test]
    public async Task ProcessAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        Exception? caught = null;
        try
        {
            await QualitySamples.ToListAsync(Stage().ProcessAsync(QualitySamples.Stream(GenerationOutcome.Of(QualitySamples.Text("x"))), cts.Token));
        }
        catch (OperationCanceledException ex)
        {
            caught = ex;
        }

        Assert.That(caught, Is.Not.Null);
    }

    private sealed class ThrowingCheck : IQualityCheck
    {
        public string Name => "throwing";

        public CheckVerdict Check(Sample sample) => sample.Text == "boom" ? throw new InvalidOperationException("boom") : CheckVerdict.Keep;
    }
}
