using System.Runtime.CompilerServices;
using System.Text.Json;
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

    private async IAsyncEnumerable<CorpusDocument> ReadJsonLinesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var place = $"{path}:{number}";
            JsonElement root;
            try
            {
                using var json = JsonDocument.Parse(line);
                root = json.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{place}: not a JSON object ({ex.Message})", ex);
            }

            yield return new CorpusDocument(Field(root, idField, place, allowNumber: true), Field(root, textField, place, allowNumber: false), place);
        }
    }

    private static string Field(JsonElement root, string name, string place, bool allowNumber)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value))
        {
            throw new InvalidDataException($"{place}: no field '{name}'");
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number when allowNumber => value.GetRawText(),
            _ => throw new InvalidDataException($"{place}: field '{name}' is {value.ValueKind}, not a string"),
        };
    }

    private async IAsyncEnumerable<CorpusDocument> ReadParquetAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IList<Dictionary<string, object>> rows;
        await using (var stream = File.OpenRead(path))
        {
            try
            {
                rows = (await ParquetSerializer.DeserializeUntypedAsync(stream, null, null, cancellationToken)).Data;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
            {
                throw new InvalidDataException($"{path}: not a readable Parquet file ({ex.Message})", ex);
            }
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
