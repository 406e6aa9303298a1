using System.Text.Json.Serialization;

namespace DataGen.Output.Rows;

/// <summary>
/// A dropped seed or sample, in <c>rejects/</c>: every column a kept row has (the same provenance, so a reject can be
/// told apart from a kept row by its fate only), plus which stage dropped it, why, and what it was: <c>text</c> for
/// prose, <c>messages</c> for a chat (a list of <c>{role, content}</c> like kept rows), <c>raw_reply</c> when the reply
/// never became a sample.
/// </summary>
public sealed class RejectRow : SampleRow
{
    /// <summary>The stage that dropped it (generate, name_hygiene, dedupe_exact, ...).</summary>
    [JsonPropertyName("stage")]
    public string Stage { get; set; } = string.Empty;

    /// <summary>Machine-readable reason (unparseable, duplicate, error, ...).</summary>
    [JsonPropertyName("reason")]
    public string Reason { get; set; } = string.Empty;

    /// <summary>Detail for a person: the parse error, the id of the kept duplicate, ...</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; set; }

    /// <summary>What it matched: the kept (near-)duplicate's id, or the eval item it overlaps.</summary>
    [JsonPropertyName("matched")]
    public string? Matched { get; set; }

    /// <summary>The prose of a dropped document or story; null for chats and for seeds that never became a sample.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>The turns of a dropped chat; empty for prose and for seeds that never became a sample.</summary>
    [JsonPropertyName("messages")]
    public List<MessageRow> Messages { get; set; } = [];

    /// <summary>The reply of the step that failed (unparseable, truncated, unsuitable, ...), when there was no sample.</summary>
    [JsonPropertyName("raw_reply")]
    public string? RawReply { get; set; }
}
