using System.Text;
using System.Text.Json.Serialization;
using DataGen.Quality.Dedupe;
using DataGen.Tests.Support;
using Parquet.Serialization;

namespace DataGen.Tests.Quality.Dedupe;

/// <summary>
/// <see cref="CorpusReader"/>: JSONL lines cut from UTF-8 bytes and each parsed where it lies; Parquet read by the id and
/// text columns alone when both are strings, by every column otherwise.
/// </summary>
public sealed class CorpusReaderTests
{
    [Test]
    public async Task ReadAsync_BomCrlfBlankLinesNumbersNestingAndEscapes_ReadsEachDocument()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("corpus.jsonl");
        var lines = string.Join("\r\n",
            "{\"id\": \"a\", \"text\": \"The ferry left at dawn.\"}",
            "",
            "   ",
            "{\"meta\": {\"text\": \"not this one\", \"tags\": [1, {\"id\": \"x\"}]}, \"text\": \"Mara \\u00e9crit \\\"enfin\\\".\", \"id\": 7}",
            "{\"id\": \"c\", \"text\": \"first\", \"text\": \"last wins\"}",
            "{\"text\": \"no newline at the end\", \"id\": \"d\"}");
        await File.WriteAllBytesAsync(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(lines)]);

        var documents = await Read(path);

        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "a", "7", "c", "d" }));
        Assert.That(documents.Select(d => d.Text), Is.EqualTo(new[] { "The ferry left at dawn.", "Mara écrit \"enfin\".", "last wins", "no newline at the end" }));
        Assert.That(documents.Select(d => d.Source), Is.EqualTo(new[] { $"{path}:1", $"{path}:4", $"{path}:5", $"{path}:6" }));
    }

    [Test]
    public async Task ReadAsync_LineLongerThanTheReadBuffer_ReadsItWhole()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("long.jsonl");
        var longText = string.Join(' ', Enumerable.Range(0, 700_000).Select(i => $"w{i % 97}"));
        await File.WriteAllTextAsync(path, $"{{\"id\": \"short\", \"text\": \"one\"}}\n{{\"id\": \"long\", \"text\": \"{longText}\"}}\n{{\"id\": \"after\", \"text\": \"two\"}}\n");

        var documents = await Read(path);

        Assert.That(Encoding.UTF8.GetByteCount(longText), Is.GreaterThan(2 << 20), "longer than the 1 MiB buffer, twice");
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "short", "long", "after" }));
        Assert.That(documents[1].Text, Is.EqualTo(longText));
    }

    [Test]
    public async Task ReadAsync_LoneCrAndCrlfLineEnds_CountLinesAsStreamReaderDoes()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("mixed.jsonl");
        await File.WriteAllTextAsync(path, "{\"id\": \"a\", \"text\": \"one\"}\r{\"id\": \"b\", \"text\": \"two\"}\n{\"id\": \"c\", \"text\": \"three\"}\r\n\r\n{\"id\": \"d\", \"text\": \"four\"}\r");

        var documents = await Read(path);

        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That(documents.Select(d => d.Source), Is.EqualTo(new[] { $"{path}:1", $"{path}:2", $"{path}:3", $"{path}:5" }));
    }

    [Test]
    public async Task ReadAsync_CrlfSplitByTheReadBuffer_IsOneLineEnd()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("split.jsonl");
        // The first line fills the 1 MiB read buffer but its last byte, so its \r is the buffer's last byte and its \n
        // comes with the next read.
        const string head = "{\"id\": \"a\", \"text\": \"";
        const string tail = "\"}";
        var first = head + new string('w', (1 << 20) - 1 - head.Length - tail.Length) + tail;
        await File.WriteAllTextAsync(path, first + "\r\n{\"id\": \"b\", \"text\": \"two\"}\r\n");

        var documents = await Read(path);

        Assert.That(Encoding.UTF8.GetByteCount(first), Is.EqualTo((1 << 20) - 1));
        Assert.That(documents.Select(d => d.Source), Is.EqualTo(new[] { $"{path}:1", $"{path}:2" }));
    }

    [TestCase("{\"id\": \"a\", \"text\": \"cut off", "corpus.jsonl:2: not a JSON object")]
    [TestCase("{\"id\": \"a\", \"text\": \"x\"} {\"id\": \"b\"}", "corpus.jsonl:2: not a JSON object")]
    [TestCase("{\"id\": \"b\", \"text\": 12}", "corpus.jsonl:2: field 'text' is Number, not a string")]
    [TestCase("{\"id\": \"b\", \"text\": null}", "corpus.jsonl:2: field 'text' is Null, not a string")]
    [TestCase("{\"id\": [\"b\"], \"text\": \"x\"}", "corpus.jsonl:2: field 'id' is Array, not a string")]
    [TestCase("[\"b\", \"x\"]", "corpus.jsonl:2: no field 'id'")]
    [TestCase("{\"id\": \"b\"}", "corpus.jsonl:2: no field 'text'")]
    public async Task ReadAsync_BadSecondLine_NamesTheFileAndLine(string second, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("corpus.jsonl");
        await File.WriteAllTextAsync(path, "{\"id\": \"a\", \"text\": \"fine\"}\n" + second + "\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await Read(path));

        Assert.That(error!.Message, Does.StartWith(dir.Combine(expected)));
    }

    [Test]
    public async Task ReadAsync_ParquetWithStringColumns_ReadsIdAndTextByRowGroup()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("shard.parquet");
        await ParquetSerializer.SerializeAsync(
            Enumerable.Range(0, 5).Select(i => new StringRow { Id = $"s{i}", Kind = "stories", Text = $"The keeper logged ship {i}." }),
            path,
            new Parquet.ParquetOptions { RowGroupSize = 2 });

        var documents = await Read(path);

        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "s0", "s1", "s2", "s3", "s4" }));
        Assert.That(documents[4].Text, Is.EqualTo("The keeper logged ship 4."));
        Assert.That(documents[4].Source, Is.EqualTo($"{path}: row 5"), "rows count across row groups");
    }

    [Test]
    public async Task ReadAsync_ParquetNullText_NamesTheRow()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("shard.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new StringRow { Id = "a", Text = "fine" }, new StringRow { Id = "b", Text = null } }, path);

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await Read(path));

        Assert.That(error!.Message, Is.EqualTo($"{path}: row 2: 'text' is null"));
    }

    [Test]
    public async Task ReadAsync_ParquetWithAnIntegerId_ReadsItAsText()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("numbers.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new IntegerIdRow { Id = 41, Text = "one" }, new IntegerIdRow { Id = 42, Text = "two" } }, path);

        var documents = await Read(path);

        Assert.That(documents.Select(d => (d.Id, d.Text)), Is.EqualTo(new[] { ("41", "one"), ("42", "two") }));
    }

    private sealed class StringRow
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("kind")]
        public string? Kind { get; set; }

        [JsonPropertyName("text")]
        public string? Text { get; set; }
    }

    private sealed class IntegerIdRow
    {
        [JsonPropertyName("id")]
        public int Id { get; set; }

        [JsonPropertyName("text")]
        public string? Text { get; set; }
    }

    private static async Task<List<CorpusDocument>> Read(string path)
    {
        var documents = new List<CorpusDocument>();
        await foreach (var document in new CorpusReader("text", "id").ReadAsync([path]))
        {
            documents.Add(document);
        }

        return documents;
    }
}
