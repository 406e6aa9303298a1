using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace DataGen.Tests.Support;

/// <summary>
/// A run folder written directly, row by row, with texts, scores and rejects the test plants: for review, report
/// and export tests that need exact figures or 100,000 rows (a simulated run of that size would take minutes).
/// Rows use the run's column names (<c>id</c>, <c>kind</c>, <c>principle_id</c>, <c>axes</c>, <c>text</c>,
/// <c>judge_*</c>; rejects <c>stage</c>, <c>reason</c>, <c>judge_mean</c>, <c>content</c>).
/// </summary>
internal static class PlantedRun
{
    public sealed class Story
    {
        [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;
        [JsonPropertyName("kind")] public string Kind { get; set; } = "stories";
        [JsonPropertyName("principle_id")] public string PrincipleId { get; set; } = string.Empty;
        [JsonPropertyName("axes")] public Dictionary<string, string> Axes { get; set; } = [];
        [JsonPropertyName("text")] public string Text { get; set; } = string.Empty;
        [JsonPropertyName("judge_explains_why")] public int? JudgeExplainsWhy { get; set; }
        [JsonPropertyName("judge_not_preachy")] public int? JudgeNotPreachy { get; set; }
        [JsonPropertyName("simulated")] public bool Simulated { get; set; }
    }

    public sealed class Reject
    {
        [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;
        [JsonPropertyName("kind")] public string Kind { get; set; } = "stories";
        [JsonPropertyName("stage")] public string Stage { get; set; } = "judge";
        [JsonPropertyName("reason")] public string Reason { get; set; } = "judge_low_mean";
        [JsonPropertyName("detail")] public string? Detail { get; set; }
        [JsonPropertyName("judge_mean")] public double? JudgeMean { get; set; }
        [JsonPropertyName("principle_id")] public string PrincipleId { get; set; } = string.Empty;
        [JsonPropertyName("axes")] public Dictionary<string, string> Axes { get; set; } = [];
        [JsonPropertyName("content")] public string? Content { get; set; }
    }

    /// <summary>Writes the run: each kind's rows in shards of <paramref name="shardRows"/>, rejects in one shard, a small manifest.</summary>
    public static async Task<string> WriteAsync(string folder, IReadOnlyList<Story> stories, IReadOnlyList<Reject> rejects, int shardRows = 10_000, string runId = "planted")
    {
        foreach (var kind in stories.GroupBy(s => s.Kind))
        {
            var rows = kind.ToList();
            Directory.CreateDirectory(Path.Combine(folder, kind.Key));
            for (var shard = 0; shard * shardRows < rows.Count; shard++)
            {
                var path = Path.Combine(folder, kind.Key, string.Create(CultureInfo.InvariantCulture, $"part-{shard:00000}.parquet"));
                await ParquetSerializer.SerializeAsync(rows.Skip(shard * shardRows).Take(shardRows), path);
            }
        }

        if (rejects.Count > 0)
        {
            Directory.CreateDirectory(Path.Combine(folder, "rejects"));
            await ParquetSerializer.SerializeAsync(rejects, Path.Combine(folder, "rejects", "part-00000.parquet"));
        }

        var manifest = new JsonObject
        {
            ["runId"] = runId,
            ["status"] = "completed",
            ["simulated"] = false,
            ["kinds"] = new JsonObject(stories.Select(s => s.Kind).Distinct().Select(k => KeyValuePair.Create(k, (JsonNode?)new JsonObject { ["requested"] = stories.Count(s => s.Kind == k) + rejects.Count(r => r.Kind == k) }))),
            ["config"] = new JsonObject { ["quality"] = new JsonObject { ["judge"] = new JsonObject { ["enabled"] = true, ["stories"] = new JsonObject { ["minScore"] = 2, ["minMean"] = 3.5 } } } },
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());
        return folder;
    }

    /// <summary>
    /// <paramref name="count"/> stories over eight principles and four settings, with judge scores 1..5 in a fixed
    /// pattern and the row number in each text, plus <paramref name="rejects"/> judge rejects.
    /// </summary>
    public static async Task<string> LargeAsync(string folder, int count, int rejects = 50)
    {
        string[] settings = ["village", "office", "ship", "school"];
        var stories = Enumerable.Range(0, count).Select(i => new Story
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"story-{i:000000}"),
            PrincipleId = string.Create(CultureInfo.InvariantCulture, $"p{i % 8}"),
            Axes = new Dictionary<string, string> { ["setting"] = settings[i % 4] },
            Text = string.Create(CultureInfo.InvariantCulture, $"Story number {i}. Mara weighed what she owed the truth against what she owed her friend, and chose to explain her reasons."),
            JudgeExplainsWhy = 1 + (i * 7 % 5),
            JudgeNotPreachy = 1 + (i * 3 % 5),
        }).ToList();
        var dropped = Enumerable.Range(0, rejects).Select(i => new Reject
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"dropped-{i:0000}"),
            PrincipleId = string.Create(CultureInfo.InvariantCulture, $"p{i % 8}"),
            Axes = new Dictionary<string, string> { ["setting"] = settings[i % 4] },
            JudgeMean = 2.25,
            Detail = "mean 2.25 below 3.50",
            Content = string.Create(CultureInfo.InvariantCulture, $"Rejected story {i}: a lecture on honesty with no one in it."),
        }).ToList();
        return await WriteAsync(folder, stories, dropped);
    }
}
