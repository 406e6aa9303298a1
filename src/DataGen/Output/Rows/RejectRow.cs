using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace DataGen.Output.Rows;

/// <summary>A dropped seed or sample, in <c>rejects/</c>: which stage dropped it, why, and what it was.</summary>
public sealed class RejectRow
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    /// <summary>The stage that dropped it (generate, dedupe_exact, ...).</summary>
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

    /// <summary>The judge's mean score, when the judge scored it.</summary>
    [JsonPropertyName("judge_mean")]
    public double? JudgeMean { get; set; }

    [JsonPropertyName("principle_id")]
    public string PrincipleId { get; set; } = string.Empty;

    [JsonPropertyName("prompt_id")]
    public string? PromptId { get; set; }

    [JsonPropertyName("provider")]
    public string Provider { get; set; } = string.Empty;

    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    [JsonPropertyName("simulated")]
    public bool Simulated { get; set; }

    [JsonPropertyName("axes")]
    public Dictionary<string, string> Axes { get; set; } = [];

    /// <summary>The sample's content (prose, or turns as JSON), or the raw reply that failed to parse.</summary>
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("input_tokens")]
    public long InputTokens { get; set; }

    [JsonPropertyName("output_tokens")]
    public long OutputTokens { get; set; }

    [JsonPropertyName("run_id")]
    public string RunId { get; set; } = string.Empty;

    [JsonPropertyName("created_at")]
    [ParquetTimestamp]
    public DateTime CreatedAt { get; set; }
}
