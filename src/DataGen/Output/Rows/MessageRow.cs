using System.Text.Json.Serialization;

namespace DataGen.Output.Rows;

/// <summary>One chat turn as a Parquet struct.</summary>
public sealed class MessageRow
{
    [JsonPropertyName("role")]
    public string Role { get; set; } = string.Empty;

    [JsonPropertyName("content")]
    public string Content { get; set; } = string.Empty;
}
