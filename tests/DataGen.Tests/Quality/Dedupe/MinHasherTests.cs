using DataGen.Quality.Dedupe;
using DataGen.Simulator;

namespace DataGen.Tests.Quality.Dedupe;

public sealed class MinHasherTests
{
    private static readonly int[] SetSizes = [0, 1, 3, 8, 31, 280, 4099];

    [TestCase(MinHasher.Path.Vector256, 112)]
    [TestCase(MinHasher.Path.Vector512, 112)]
    [TestCase(MinHasher.Path.Vector256, 37)]
    [TestCase(MinHasher.Path.Vector512, 37)]
    [TestCase(MinHasher.Path.Vector512, 5)]
    [TestCase(MinHasher.Path.Vector256, 1)]
    public void Signature_VectorPath_EqualsScalarPathForEverySetSize(MinHasher.Path path, int permutations)
    {
        Assume.That(MinHasher.IsSupported(path), $"this CPU cannot run {path}");
        var hasher = new MinHasher(permutations, seed: 3);
        var rng = new Random(5);
        foreach (var size in SetSizes)
        {
            // Extremes included: 0 and uint.MaxValue exercise the carries of the split multiply.
            uint[] set = [.. Enumerable.Range(0, size).Select(i => i switch { 0 => uint.MaxValue, 1 => 0u, _ => (uint)rng.NextInt64(0, 1L << 32) })];

            Assert.That(hasher.Signature(set, path), Is.EqualTo(hasher.Signature(set, MinHasher.Path.Scalar)), $"{size} fingerprints");
        }
    }

    [Test]
    public void Signature_BestPath_EqualsScalarPathOnPlantedDocuments()
    {
        var hasher = new MinHasher(112, seed: 1);
        foreach (var doc in PlantedCorpus.Stream(200, maxEdits: 12, seed: 9))
        {
            var fingerprints = Shingler.Fingerprints(doc.Text, 5);

            Assert.That(hasher.Signature(fingerprints), Is.EqualTo(hasher.Signature(fingerprints, MinHasher.Path.Scalar)), doc.Id);
        }
    }

    [Test]
    public void Signature_OfUnion_IsPositionwiseMinimumOfTheParts()
    {
        var hasher = new MinHasher(112, seed: 1);
        uint[] left = [.. Enumerable.Range(1, 500).Select(i => (uint)i * 2654435761u)];
        uint[] right = [.. Enumerable.Range(400, 500).Select(i => (uint)i * 2654435761u)];

        var union = hasher.Signature([.. left.Union(right)]);
        var parts = hasher.Signature(left).Zip(hasher.Signature(right), Math.Min);

        Assert.That(union, Is.EqualTo(parts));
    }

    [Test]
    public void EstimateJaccard_SetsWithTwoThirdsOverlap_IsWithinThreeStandardDeviations()
    {
        var hasher = new MinHasher(112, seed: 1);
        // 0..999 and 200..1199 share 800 of 1,200: Jaccard 2/3; the estimate's deviation at 112 permutations is 0.045.
        uint[] a = [.. Enumerable.Range(0, 1000).Select(i => (uint)i * 2654435761u)];
        uint[] b = [.. Enumerable.Range(200, 1000).Select(i => (uint)i * 2654435761u)];

        var estimate = MinHasher.EstimateJaccard(hasher.Signature(a), hasher.Signature(b));

        Assert.That(estimate, Is.EqualTo(2.0 / 3).Within(0.135));
    }

    [Test]
    public void Signature_SameSeed_IsTheSameOnEveryInstance()
    {
        uint[] set = [17, 4_000_000_000, 123_456];

        var first = new MinHasher(112, 1).Signature(set);
        var second = new MinHasher(112, 1).Signature(set);
        var otherSeed = new MinHasher(112, 2).Signature(set);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(otherSeed, Is.Not.EqualTo(first));
    }
}
