using System.Text.Json.Serialization;

namespace DataGen.Output.Rows;

/// <summary>A document or a story: the common columns plus <c>text</c>.</summary>
public sealed class TextSampleRow : SampleRow
{
    [JsonPropertyName("text")]
    public string Text { get; set; } = string.Empty;
}
