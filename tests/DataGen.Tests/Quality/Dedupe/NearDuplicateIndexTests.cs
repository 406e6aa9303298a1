using DataGen.Quality.Dedupe;
using DataGen.Simulator;

namespace DataGen.Tests.Quality.Dedupe;

public sealed class NearDuplicateIndexTests
{
    [Test]
    public void For_Threshold08With112Permutations_Gives16BandsOf7Rows()
    {
        var parameters = LshParameters.For(0.8, 112);

        Assert.That(parameters, Is.EqualTo(new LshParameters(16, 7)));
        Assert.That(parameters.DetectionProbability(0.8), Is.GreaterThanOrEqualTo(0.95));
    }

    [Test]
    public void PlantedCorpus_FindsAtLeast95PercentOfPairsAboveThresholdAndFlagsUnder1PercentOfDistinctTexts()
    {
        const double threshold = 0.8;
        var corpus = PlantedCorpus.Generate(distinct: 3000, nearDuplicates: 1500, maxEdits: 12, seed: 7);
        var index = new NearDuplicateIndex(threshold, shingleWords: 5, permutations: 112, seed: 1);
        var byId = corpus.ToDictionary(d => d.Id);
        var flagged = new Dictionary<string, NearDuplicateMatch>();
        foreach (var doc in corpus)
        {
            if (index.AddOrMatch(doc.Id, doc.Text) is { } match)
            {
                flagged[doc.Id] = match;
            }
        }

        // Positives: each near-duplicate whose exact shingle Jaccard with its original is at or above the threshold.
        // Found: the later of the two in stream order was flagged as a duplicate of a member of the same family.
        var order = corpus.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var originals = corpus.Where(d => d.Edits == 0).ToDictionary(d => d.Family);
        var positives = 0;
        var found = 0;
        foreach (var variant in corpus.Where(d => d.Edits > 0))
        {
            var original = originals[variant.Family];
            var jaccard = Shingler.Jaccard(Shingler.Shingles(variant.Text, 5), Shingler.Shingles(original.Text, 5));
            if (jaccard < threshold)
            {
                continue;
            }

            positives++;
            var later = order[variant.Id] > order[original.Id] ? variant.Id : original.Id;
            if (flagged.TryGetValue(later, out var match) && byId[match.KeeperId].Family == variant.Family)
            {
                found++;
            }
        }

        var falseFlags = flagged.Count(f => byId[f.Value.KeeperId].Family != byId[f.Key].Family);
        var recall = (double)found / positives;
        var falseRate = (double)falseFlags / corpus.Count;
        TestContext.Out.WriteLine($"positives {positives}, found {found}, recall {recall:P2}; false flags {falseFlags} of {corpus.Count} ({falseRate:P3})");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(positives, Is.GreaterThan(300), "the corpus plants enough pairs above the threshold");
            Assert.That(recall, Is.GreaterThanOrEqualTo(0.95));
            Assert.That(falseRate, Is.LessThan(0.01));
        }
    }

    [Test]
    public void AddOrMatch_SameDocumentsInAnyCompletionOrderFedInSeedOrder_KeepsTheFirst()
    {
        var index = new NearDuplicateIndex(0.8, 5, 112, 1);
        var text = QualitySamples.Prose(20, salt: 3);

        Assert.That(index.AddOrMatch("a", text), Is.Null);
        Assert.That(index.AddOrMatch("b", text + " One more closing sentence here."), Has.Property(nameof(NearDuplicateMatch.KeeperId)).EqualTo("a"));
        Assert.That(index.AddOrMatch("c", QualitySamples.Prose(20, salt: 4)), Is.Null);
    }

    [Test]
    public void AddOrMatchAll_OverFourThreadsInBatches_GivesTheSameKeepersAndJaccardsAsOneByOne()
    {
        var corpus = PlantedCorpus.Stream(3000, maxEdits: 12, seed: 3).ToList();
        var serial = new NearDuplicateIndex(0.8, 5, 112, 1);
        var parallel = new NearDuplicateIndex(0.8, 5, 112, 1);
        var expected = corpus.Select(d => serial.AddOrMatch(d.Id, d.Text)).ToList();
        var actual = new List<NearDuplicateMatch?>();
        foreach (var batch in corpus.Chunk(700))
        {
            actual.AddRange(parallel.AddOrMatchAll([.. batch.Select(d => d.Id)], [.. batch.Select(d => d.Text)], maxDegreeOfParallelism: 4));
        }

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(expected.Count(m => m is not null), Is.GreaterThan(100), "the corpus plants near-duplicates");
    }

    [Test]
    public void AddOrMatch_StreamedCorpus_DropsOnlyWithinAFamilyAndKeepsTheEarlierOne()
    {
        var corpus = PlantedCorpus.Stream(4000, maxEdits: 3, seed: 5).ToList();
        var family = corpus.ToDictionary(d => d.Id, d => d.Family);
        var position = corpus.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var index = new NearDuplicateIndex(0.8, 5, 112, 1);
        var drops = corpus.Select(d => (d.Id, Match: index.AddOrMatch(d.Id, d.Text))).Where(x => x.Match is not null).ToList();

        // Three edits to 150 or more words change at most 15 shingles, which keeps a variant above 0.8 with its
        // original: of the 400 variants, nearly all drop (or their original does, when it comes later).
        Assert.That(drops, Has.Count.GreaterThan(360));
        Assert.That(drops.Select(d => family[d.Match!.KeeperId] == family[d.Id] && position[d.Match.KeeperId] < position[d.Id]), Is.All.True);
        Assert.That(drops.Select(d => d.Match!.Jaccard), Is.All.InRange(0.8, 1.0));
        Assert.That(index.Count, Is.EqualTo(corpus.Count - drops.Count));
    }
}
