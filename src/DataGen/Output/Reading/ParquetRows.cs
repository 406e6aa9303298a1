using System.Collections;
using System.Runtime.InteropServices;
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

    /// <summary>Every row of the file, normalised.</summary>
    public static Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadAsync(string path, CancellationToken cancellationToken) =>
        ReadAsync(path, null, cancellationToken);

    /// <summary>Every row of the file, or of one row group when <paramref name="rowGroup"/> is given, normalised.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadAsync(string path, int? rowGroup, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var result = await ParquetSerializer.DeserializeUntypedAsync(stream, null, rowGroup, cancellationToken);
        // The rows are this call's own, so they are normalised where they lie rather than copied: a copy of every row's
        // dictionary was nearly half the time of reading a shard back.
        var rows = new IReadOnlyDictionary<string, object?>[result.Data.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = NormalizeInPlace(result.Data[i])!;
        }

        return rows;
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

    // As Normalize, but a struct's dictionary keeps its place and only values of another shape are replaced; an
    // existing key's value is overwritten through a reference, which a dictionary's enumeration allows.
    private static Dictionary<string, object> NormalizeInPlace(Dictionary<string, object> row)
    {
        foreach (var name in row.Keys)
        {
            ref var value = ref CollectionsMarshal.GetValueRefOrNullRef(row, name);
            value = value switch
            {
                null or string => value,
                Dictionary<string, object> structure => NormalizeInPlace(structure),
                List<Dictionary<string, object>> structures => NormalizeInPlace(structures),
                _ => NormalizeValue(value)!,
            };
        }

        return row;
    }

    // A list of structs (messages, and the {key, value} lists) keeps its place too.
    private static List<Dictionary<string, object>> NormalizeInPlace(List<Dictionary<string, object>> structures)
    {
        foreach (var structure in structures)
        {
            NormalizeInPlace(structure);
        }

        return structures;
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
