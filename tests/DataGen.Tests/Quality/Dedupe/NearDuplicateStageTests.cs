using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Dedupe;
using Microsoft.Extensions.Time.Testing;

namespace DataGen.Tests.Quality.Dedupe;

public sealed class NearDuplicateStageTests
{
    [Test]
    public async Task ProcessAsync_NearCopy_IsRejectedWithKeeperAndKeeperRecordsItsCluster()
    {
        var stage = new NearDuplicateStage(new NearDuplicateOptions(), new FakeTimeProvider());
        var text = QualitySamples.Prose(24, salt: 5);
        var outcomes = await QualitySamples.ToListAsync(stage.ProcessAsync(QualitySamples.Stream(
            GenerationOutcome.Of(QualitySamples.Text(text, index: 1)),
            GenerationOutcome.Of(QualitySamples.Text(text.Replace("\n\n", "\n\nIndeed, ", StringComparison.Ordinal), index: 2)),
            GenerationOutcome.Of(QualitySamples.Text(QualitySamples.Prose(24, salt: 6), index: 3)))));

        var keeperId = QualitySamples.Seed(DataKind.Documents, 1).Id;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes[0].Sample!.Quality.NearDupCluster, Is.EqualTo(keeperId));
            Assert.That(outcomes[1].Rejection!.Reason, Is.EqualTo("near_duplicate"));
            Assert.That(outcomes[1].Rejection!.Stage, Is.EqualTo("dedupe_near"));
            Assert.That(outcomes[1].Rejection!.Matched, Is.EqualTo(keeperId));
            Assert.That(outcomes[2].Sample, Is.Not.Null);
            Assert.That(stage.Counters.Dropped["near_duplicate"], Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ProcessAsync_EmptyInput_YieldsNothing() =>
        Assert.That(await QualitySamples.ToListAsync(new NearDuplicateStage(new NearDuplicateOptions(), new FakeTimeProvider()).ProcessAsync(QualitySamples.Stream())), Is.Empty);
}
