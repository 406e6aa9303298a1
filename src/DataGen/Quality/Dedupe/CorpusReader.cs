using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Reads documents (an id and a text field) from JSONL or Parquet files for <see cref="CorpusDeduplicator"/>, in file
/// order and row order. A file that is missing, unreadable, lacks either field or repeats an id stops the read with
/// an <see cref="InvalidDataException"/> naming the file and the line or row.
/// </summary>
public sealed class CorpusReader(string textField, string idField)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<CorpusDocument> ReadAsync(IEnumerable<string> paths, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{path}: no such file");
            }

            var documents = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ReadParquetAsync(path, cancellationToken) : ReadJsonLinesAsync(path, cancellationToken);
            await foreach (var document in documents)
            {
                if (!_ids.Add(document.Id))
                {
                    throw new InvalidDataException($"{document.Source}: id '{document.Id}' appears a second time");
                }

                yield return document;
            }
        }
    }

    // Lines are cut from UTF-8 bytes and each parsed in place with Utf8JsonReader: no line string, no transcoding
    // to UTF-8 again for the parser and no document copy; only the id and the text become strings.
    private async IAsyncEnumerable<CorpusDocument> ReadJsonLinesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var filled = 0;
            var number = 0;
            var ended = false;
            while (!ended)
            {
                if (filled == buffer.Length)
                {
                    // A line longer than the buffer: grow it, keeping what was read.
                    var grown = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                ended = read == 0;
                filled += read;
                var start = 0;
                while (true)
                {
                    // A line ends at \n, \r\n or a lone \r, as StreamReader.ReadLine has it (JSON text never holds a raw
                    // \r or \n); a \r last in the buffer waits for the next read to tell \r\n from \r.
                    var newline = buffer.AsSpan(start, filled - start).IndexOfAny((byte)'\n', (byte)'\r');
                    var end = newline < 0 ? filled : start + newline;
                    var cr = newline >= 0 && buffer[end] == '\r';
                    if ((newline < 0 && (!ended || start == filled)) || (cr && !ended && end + 1 == filled))
                    {
                        break;
                    }

                    var length = end - start;
                    var terminator = newline < 0 ? 0 : cr && end + 1 < filled && buffer[end + 1] == '\n' ? 2 : 1;
                    number++;
                    var document = Parse(buffer.AsSpan(start, length), path, number);
                    start += length + terminator;
                    if (document is not null)
                    {
                        yield return document;
                    }
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // One line: null when it is blank; otherwise its id and text, or an error naming the file and line.
    private CorpusDocument? Parse(ReadOnlySpan<byte> line, string path, int number)
    {
        if (number == 1 && line.StartsWith(Utf8Bom))
        {
            line = line[Utf8Bom.Length..];
        }

        if (line.Trim(" \t\r\f\v"u8).IsEmpty)
        {
            return null;
        }

        string? id = null;
        string? text = null;
        var idKind = (JsonValueKind?)null;
        var textKind = (JsonValueKind?)null;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    // A field given twice counts by its last value, as JsonElement.TryGetProperty reads it.
                    var isId = reader.ValueTextEquals(idField);
                    var isText = !isId && reader.ValueTextEquals(textField);
                    reader.Read();
                    if (isId)
                    {
                        idKind = KindOf(reader.TokenType);
                        id = reader.TokenType switch
                        {
                            JsonTokenType.String => reader.GetString(),
                            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                            _ => null,
                        };
                    }
                    else if (isText)
                    {
                        textKind = KindOf(reader.TokenType);
                        text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }

                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }

            // The whole line is one JSON value: the reader throws on anything after it but whitespace.
            reader.Read();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}:{number}: not a JSON object ({ex.Message})", ex);
        }

        var place = $"{path}:{number}";
        return new CorpusDocument(Checked(id, idKind, idField, place, allowNumber: true), Checked(text, textKind, textField, place, allowNumber: false), place);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    private static string Checked(string? value, JsonValueKind? kind, string name, string place, bool allowNumber) => kind switch
    {
        null => throw new InvalidDataException($"{place}: no field '{name}'"),
        JsonValueKind.String => value!,
        JsonValueKind.Number when allowNumber => value!,
        _ => throw new InvalidDataException($"{place}: field '{name}' is {kind}, not a string"),
    };

    // The id and text columns alone, row group by row group, when both are top-level string columns (as in a run's
    // shards, whatever else they hold); any other layout goes through the untyped reader, every column.
    private async IAsyncEnumerable<CorpusDocument> ReadParquetAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            throw NotReadable(path, ex);
        }

        await using (reader)
        {
            var idColumn = StringColumn(reader.Schema, idField);
            var textColumn = StringColumn(reader.Schema, textField);
            if (idColumn is null || textColumn is null)
            {
                stream.Position = 0;
                await foreach (var document in ReadParquetUntypedAsync(stream, path, cancellationToken))
                {
                    yield return document;
                }

                yield break;
            }

            var row = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var groupReader = reader.OpenRowGroupReader(group);
                var ids = new string?[groupReader.RowCount];
                var texts = new string?[ids.Length];
                await groupReader.ReadAsync(idColumn, ids, cancellationToken: cancellationToken);
                await groupReader.ReadAsync(textColumn, texts, cancellationToken: cancellationToken);
                for (var i = 0; i < ids.Length; i++)
                {
                    var place = $"{path}: row {++row}";
                    yield return new CorpusDocument(
                        ids[i] ?? throw new InvalidDataException($"{place}: '{idField}' is null"),
                        texts[i] ?? throw new InvalidDataException($"{place}: '{textField}' is null"),
                        place);
                }
            }
        }
    }

    // What Parquet.Net throws for a file that is not Parquet (or is cut short), for either reader.
    private static bool IsUnreadable(Exception ex) => ex is IOException or InvalidDataException or NotSupportedException;

    private static InvalidDataException NotReadable(string path, Exception ex) => new($"{path}: not a readable Parquet file ({ex.Message})", ex);

    private static DataField? StringColumn(ParquetSchema schema, string name) =>
        schema.Fields.OfType<DataField>().FirstOrDefault(f => f.Name == name && (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)) && f.MaxRepetitionLevel == 0);

    private async IAsyncEnumerable<CorpusDocument> ReadParquetUntypedAsync(Stream stream, string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IList<Dictionary<string, object>> rows;
        try
        {
            rows = (await ParquetSerializer.DeserializeUntypedAsync(stream, null, null, cancellationToken)).Data;
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            throw NotReadable(path, ex);
        }

        for (var row = 0; row < rows.Count; row++)
        {
            var place = $"{path}: row {row + 1}";
            yield return new CorpusDocument(Value(rows[row], idField, place), Value(rows[row], textField, place), place);
        }
    }

    private static string Value(Dictionary<string, object> row, string name, string place)
    {
        if (!row.TryGetValue(name, out var value))
        {
            throw new InvalidDataException($"{place}: no column '{name}' (columns: {string.Join(", ", row.Keys)})");
        }

        return value switch
        {
            null => throw new InvalidDataException($"{place}: '{name}' is null"),
            string text => text,
            ReadOnlyMemory<char> memory => memory.ToString(),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        };
    }
}
