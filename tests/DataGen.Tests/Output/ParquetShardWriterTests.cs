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
