using System.Text.Json.Serialization;

namespace DataGen.Output.Rows;

/// <summary>
/// One entry of an open key/value column (<c>axes</c>, <c>ablations</c>, <c>step_prompt_ids</c>, <c>provenance</c>):
/// written as a list of <c>{key, value}</c> structs, not a Parquet MAP, because the Hugging Face <c>datasets</c> library
/// has no feature type for maps (huggingface/datasets#5612). DuckDB reads it back as a map with
/// <c>map_from_entries(axes)['genre']</c>.
/// </summary>
public sealed class KeyValueRow
{
    [JsonPropertyName("key")]
    public string Key { get; set; } = string.Empty;

    [JsonPropertyName("value")]
    public string Value { get; set; } = string.Empty;

    /// <summary>The entries of <paramref name="pairs"/> in key order, so equal dictionaries give equal columns.</summary>
    public static List<KeyValueRow> From(IEnumerable<KeyValuePair<string, string>> pairs) =>
        [.. pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValueRow { Key = p.Key, Value = p.Value })];

    /// <summary>The entries as a dictionary (the last value wins for a repeated key).</summary>
    public static Dictionary<string, string> ToDictionary(IEnumerable<KeyValueRow> rows)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            result[row.Key] = row.Value;
        }

        return result;
    }
}
