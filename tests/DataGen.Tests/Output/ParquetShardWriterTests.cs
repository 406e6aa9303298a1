using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Tests.Support;
using Parquet.Serialization;

namespace DataGen.Tests.Output;

public sealed class ParquetShardWriterTests
{
    [Test]
    public async Task CompleteAsync_RowsOverSeveralShards_RoundTripThroughParquetNetAndDuckDb()
    {
        using var dir = new TempDirectory();
        var writer = new ParquetShardWriter<ChatSampleRow>(dir.Path, "advice_chats", 4, "snappy", new Dictionary<string, string> { ["datagen.simulated"] = "true" });
        for (var i = 0; i < 10; i++)
        {
            await writer.AddAsync(Row(i), CancellationToken.None);
        }

        var shards = await writer.CompleteAsync(CancellationToken.None);

        Assert.That(shards.Select(s => (s.Path, s.Rows)), Is.EqualTo(new[] { ("advice_chats/part-00000.parquet", 4L), ("advice_chats/part-00001.parquet", 4L), ("advice_chats/part-00002.parquet", 2L) }));
        var back = await ParquetSerializer.DeserializeAsync<ChatSampleRow>(dir.Combine("advice_chats", "part-00001.parquet"));
        Assert.That(back.Data.Select(r => r.Id), Is.EqualTo(new[] { "id4", "id5", "id6", "id7" }));
        Assert.That(back.Data[0].Messages.Select(m => m.Role), Is.EqualTo(new[] { "user", "assistant" }));
        Assert.That(KeyValueRow.ToDictionary(back.Data[0].Axes)["persona"], Is.EqualTo("a nurse"));

        var rows = DuckDb.Query($"SELECT id, messages[2].content AS answer, map_from_entries(axes)['persona'] AS persona, simulated FROM read_parquet('{dir.Combine("advice_chats", "*.parquet")}') ORDER BY id");
        Assert.That(rows, Has.Count.EqualTo(10));
        Assert.That(rows[3]["answer"], Is.EqualTo("answer 3"));
        Assert.That(rows[3]["persona"], Is.EqualTo("a nurse"));
        Assert.That(rows[3]["simulated"], Is.True);
        Assert.That(Directory.EnumerateFiles(dir.Combine("advice_chats"), "*.tmp"), Is.Empty);
    }

    // Read by an independent reader (DuckDB's parquet_metadata): a column with two values over 200 rows is
    // dictionary-encoded, one with a distinct value per row stays PLAIN, an integer column is delta-bit-packed.
    [Test]
    public async Task CompleteAsync_RepeatedAndDistinctColumns_DictionaryOnlyWhereValuesRepeat()
    {
        using var dir = new TempDirectory();
        var writer = new ParquetShardWriter<TextSampleRow>(dir.Path, "stories", 200, "snappy", new Dictionary<string, string>());
        for (var i = 0; i < 200; i++)
        {
            await writer.AddAsync(new TextSampleRow { Id = $"story-{i:D4}", Kind = "stories", Model = i % 2 == 0 ? "model-a" : "model-b", SeedIndex = i * 7, Text = $"text number {i}" }, CancellationToken.None);
        }

        await writer.CompleteAsync(CancellationToken.None);

        var encodings = DuckDb.Query($"SELECT path_in_schema AS col, encodings FROM parquet_metadata('{dir.Combine("stories", "part-00000.parquet")}')")
            .ToDictionary(r => (string)r["col"]!, r => (string)r["encodings"]!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(encodings["model"], Does.Contain("DICTIONARY"));
            Assert.That(encodings["kind"], Does.Contain("DICTIONARY"));
            Assert.That(encodings["id"], Does.Not.Contain("DICTIONARY"));
            Assert.That(encodings["text"], Does.Not.Contain("DICTIONARY"));
            Assert.That(encodings["seed_index"], Does.Contain("DELTA_BINARY_PACKED"));
        }

        var back = DuckDb.Query($"SELECT model, seed_index FROM read_parquet('{dir.Combine("stories", "*.parquet")}') WHERE id = 'story-0013'");
        Assert.That(back[0]["model"], Is.EqualTo("model-b"));
        Assert.That(Convert.ToInt64(back[0]["seed_index"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(91));
    }

    [Test]
    public async Task CompleteAsync_FewerShardsThanLastTime_RemovesTheStaleOnes()
    {
        using var dir = new TempDirectory();
        var first = new ParquetShardWriter<ChatSampleRow>(dir.Path, "k", 1, "snappy", new Dictionary<string, string>());
        for (var i = 0; i < 3; i++)
        {
            await first.AddAsync(Row(i), CancellationToken.None);
        }

        await first.CompleteAsync(CancellationToken.None);
        var second = new ParquetShardWriter<ChatSampleRow>(dir.Path, "k", 10, "zstd", new Dictionary<string, string>());
        await second.AddAsync(Row(9), CancellationToken.None);

        await second.CompleteAsync(CancellationToken.None);

        Assert.That(Directory.EnumerateFiles(dir.Combine("k")).Select(Path.GetFileName), Is.EqualTo(new[] { "part-00000.parquet" }));
    }

    [Test]
    public async Task CompleteAsync_NoRows_WritesOneEmptyShardReadersAccept()
    {
        using var dir = new TempDirectory();
        var writer = new ParquetShardWriter<TextSampleRow>(dir.Path, "documents", 10, "snappy", new Dictionary<string, string>());

        var shards = await writer.CompleteAsync(CancellationToken.None);

        Assert.That(shards.Single().Rows, Is.Zero);
        Assert.That(DuckDb.Count(dir.Combine("documents", "*.parquet")), Is.Zero);
    }

    private static ChatSampleRow Row(int i) => new()
    {
        Id = $"id{i}",
        Kind = "advice_chats",
        Simulated = true,
        Axes = KeyValueRow.From(new Dictionary<string, string> { ["persona"] = "a nurse" }),
        Messages = [new MessageRow { Role = "user", Content = $"question {i}" }, new MessageRow { Role = "assistant", Content = $"answer {i}" }],
        CreatedAt = DateTime.UtcNow,
    };
}
