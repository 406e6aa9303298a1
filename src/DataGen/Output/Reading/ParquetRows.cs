using System.Collections;
using Parquet.Serialization;

namespace DataGen.Output.Reading;

/// <summary>
/// Reads a Parquet file into plain dictionaries without a row class: strings as <see cref="string"/>, maps as
/// <c>IReadOnlyDictionary&lt;string, string&gt;</c>, lists of structs as lists of dictionaries, numbers as they are.
/// </summary>
public static class ParquetRows
{
    /// <summary>The Parquet shards of one kind folder (or rejects/), in name order; none when the folder is missing.</summary>
    public static IReadOnlyList<string> ShardsIn(string folder) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "part-*.parquet").Order(StringComparer.Ordinal)] : [];

    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var result = await ParquetSerializer.DeserializeUntypedAsync(stream, null, null, cancellationToken);
        return [.. result.Data.Select(Normalize)];
    }

    internal static IReadOnlyDictionary<string, object?> Normalize(IDictionary<string, object> row)
    {
        var normalized = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in row)
        {
            normalized[name] = NormalizeValue(value);
        }

        return normalized;
    }

    private static object? NormalizeValue(object? value) => value switch
    {
        null => null,
        string s => s,
        ReadOnlyMemory<char> memory => memory.ToString(),
        IDictionary<string, object> structure => Normalize(structure),
        IDictionary map => MapToStrings(map),
        IEnumerable list and not byte[] => list.Cast<object?>().Select(NormalizeValue).ToList(),
        _ => value,
    };

    private static Dictionary<string, string> MapToStrings(IDictionary map)
    {
        // Parquet.Net hands maps over as ParquetMap<ReadOnlyMemory<char>, ReadOnlyMemory<char>?>; ToString of either gives the text.
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry pair in map)
        {
            result[pair.Key.ToString()!] = pair.Value?.ToString() ?? string.Empty;
        }

        return result;
    }
}
