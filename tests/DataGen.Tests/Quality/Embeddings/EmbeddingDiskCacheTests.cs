using DataGen.Quality.Embeddings;

namespace DataGen.Tests.Quality.Embeddings;

public sealed class EmbeddingDiskCacheTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "datagen-embedding-cache-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task GetOrAddAsync_SecondCall_ReadsTheSameVectorsWithoutEmbedding()
    {
        string[] texts = ["The agent finds the memo.", "It could copy its weights."];
        float[][] vectors = [[0.25f, -1.5f, 3f], [1e-7f, float.MaxValue, -0f]];
        var calls = 0;
        Task<float[][]> Embed()
        {
            calls++;
            return Task.FromResult(vectors);
        }

        var first = await EmbeddingDiskCache.GetOrAddAsync("model-a", 3, texts, Embed, _folder);
        var second = await EmbeddingDiskCache.GetOrAddAsync("model-a", 3, texts, Embed, _folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calls, Is.EqualTo(1));
            Assert.That(second, Is.EqualTo(first));
            Assert.That(second, Is.EqualTo(vectors));
        }
    }

    [Test]
    public async Task GetOrAddAsync_OtherModelOrTextsOrTruncatedFile_EmbedsAgain()
    {
        string[] texts = ["One sentence."];
        var calls = 0;
        Task<float[][]> Embed()
        {
            calls++;
            return Task.FromResult<float[][]>([[calls, 2f]]);
        }

        await EmbeddingDiskCache.GetOrAddAsync("model-a", 2, texts, Embed, _folder);
        var otherModel = await EmbeddingDiskCache.GetOrAddAsync("model-b", 2, texts, Embed, _folder);
        await EmbeddingDiskCache.GetOrAddAsync("model-a", 2, ["Another sentence."], Embed, _folder);
        foreach (var file in Directory.EnumerateFiles(_folder))
        {
            await File.WriteAllBytesAsync(file, [1, 2, 3]);
        }

        var afterTruncation = await EmbeddingDiskCache.GetOrAddAsync("model-a", 2, texts, Embed, _folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calls, Is.EqualTo(4));
            Assert.That(otherModel[0][0], Is.EqualTo(2f));
            Assert.That(afterTruncation[0][0], Is.EqualTo(4f));
        }
    }
}
