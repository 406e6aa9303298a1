using System.Collections;
using System.Text.Json;

namespace DataGen.Output.Reading;

/// <summary>
/// Reads a string-to-string map column (axes, ablations, provenance) whatever shape a shard stores it in: a Parquet
/// map, a list of <c>{key, value}</c> structs (the HF-loadable form), or a JSON object in a string. The one place
/// the report, review and export read such columns, so a change of storage shape is one edit.
/// </summary>
public static class MapColumn
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Read(object? value)
    {
        switch (value)
        {
            case null:
                return Empty;
            case IReadOnlyDictionary<string, string> map:
                return map;
            case string json when json.StartsWith('{'):
                try
                {
                    return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? Empty;
                }
                catch (JsonException)
                {
                    // A string that is not a JSON object of strings carries no axes.
                    return Empty;
                }

            case IEnumerable list and not string:
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in list.OfType<IReadOnlyDictionary<string, object?>>())
                {
                    if (entry.GetValueOrDefault("key") is string key)
                    {
                        result[key] = entry.GetValueOrDefault("value")?.ToString() ?? string.Empty;
                    }
                }

                return result;
            default:
                return Empty;
        }
    }
}
