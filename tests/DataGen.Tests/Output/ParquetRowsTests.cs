using System.Text.Json;
using DataGen.Output;
using DataGen.Output.Reading;
using DataGen.Output.Rows;
using DataGen.Tests.Support;
using Parquet.Serialization;

namespace DataGen.Tests.Output;

/// <summary>
/// <see cref="ParquetRows.ReadAsync(string, CancellationToken)"/> normalises the rows it read where they lie; <see cref="ParquetRows.Normalize"/>
/// copies rows a caller still holds. Both must hand the report, review and export the same values.
/// </summary>
public sealed class ParquetRowsTests
{
    [Test]
    public async Task ReadAsync_ChatRowsWithListsAndNulls_SameValuesAsACopyingNormalize()
    {
        using var dir = new TempDirectory();
        var writer = new ParquetShardWriter<ChatSampleRow>(dir.Path, "advice_chats", 10, "snappy", new Dictionary<string, string>());
        await writer.AddAsync(Row("a", "a nurse", "Is it fair to tell my sister?"), CancellationToken.None);
        await writer.AddAsync(Row("b", "a ferry pilot", "Should I report the broken gauge?", critique: null), CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        var shard = dir.Combine("advice_chats", "part-00000.parquet");

        var inPlace = await ParquetRows.ReadAsync(shard, CancellationToken.None);
        IReadOnlyList<IReadOnlyDictionary<string, object?>> copied;
        await using (var stream = File.OpenRead(shard))
        {
            copied = [.. (await ParquetSerializer.DeserializeUntypedAsync(stream)).Data.Select(ParquetRows.Normalize)];
        }

        Assert.That(inPlace, Has.Count.EqualTo(2));
        for (var i = 0; i < 2; i++)
        {
            Assert.That(JsonSerializer.Serialize(inPlace[i]), Is.EqualTo(JsonSerializer.Serialize(copied[i])), $"row {i}");
            var row = new RunRow(inPlace[i], isReject: false);
            Assert.That(row.Messages!.Select(m => m.Role), Is.EqualTo(new[] { "user", "assistant" }));
            Assert.That(MapColumn.Read(row.Columns["axes"])["persona"], Is.EqualTo(i == 0 ? "a nurse" : "a ferry pilot"));
        }

        Assert.That(new RunRow(inPlace[0], isReject: false).Messages![0].Content, Is.EqualTo("Is it fair to tell my sister?"));
        Assert.That(inPlace[1].GetValueOrDefault("response_critique"), Is.Null);
        Assert.That(inPlace[0]["response_critique"], Is.EqualTo("Names the cost to the sister."));
    }

    private static ChatSampleRow Row(string id, string persona, string question, string? critique = "Names the cost to the sister.") => new()
    {
        Id = id,
        Kind = "advice_chats",
        PrincipleId = "honesty",
        Axes = [new KeyValueRow { Key = "persona", Value = persona }, new KeyValueRow { Key = "stakes", Value = "a family rift" }],
        StepPromptIds = [new KeyValueRow { Key = "response", Value = "advice_chats/response@1" }],
        Messages = [new MessageRow { Role = "user", Content = question }, new MessageRow { Role = "assistant", Content = "Start with what she would want to know." }],
        ResponseCritique = critique,
        CreatedAt = new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc),
    };
}
