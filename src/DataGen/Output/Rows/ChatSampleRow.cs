using System.Text.Json.Serialization;

namespace DataGen.Output.Rows;

/// <summary>An advice chat: the common columns plus <c>messages</c>, a list of <c>{role, content}</c> structs.</summary>
public sealed class ChatSampleRow : SampleRow
{
    [JsonPropertyName("messages")]
    public List<MessageRow> Messages { get; set; } = [];
}
