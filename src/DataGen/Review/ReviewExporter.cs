using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Output;
using DataGen.Reporting;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Review;

/// <summary>
/// <c>datagen export</c>: the final dataset after review. Per kind, the run's shards again with reviewer-rejected rows
/// removed and three columns added (<c>review_verdict</c>, <c>review_note</c>, <c>reviewer</c>; null when
/// unreviewed), every other column kept as it was; <c>&lt;kind&gt;.jsonl</c> in the chat format fine-tuning APIs take
/// (<c>{"messages": [...]}</c> for chats, <c>{"text": ...}</c> for prose); a dataset card (<c>README.md</c>, one Hub
/// config per kind, with the reviewed counts); and a small <c>manifest.json</c>.
/// </summary>
public static class ReviewExporter
{
    public const string VerdictColumn = "review_verdict";
    public const string NoteColumn = "review_note";
    public const string ReviewerColumn = "reviewer";

    public static async Task<JsonObject> ExportAsync(string runDirectory, string outputDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var run = await RunData.LoadAsync(runDirectory, cancellationToken);
        var source = Path.GetFullPath(outputDirectory);
        if (string.Equals(source.TrimEnd(Path.DirectorySeparatorChar), run.Directory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: export into a folder other than the run folder");
        }

        Directory.CreateDirectory(source);
        var verdictFile = Path.Combine(run.Directory, VerdictStore.FileName);
        var verdicts = File.Exists(verdictFile)
            ? await VerdictStore.Open(verdictFile).CurrentAsync(cancellationToken)
            : new Dictionary<string, Verdict>();
        var kinds = new JsonObject();
        var files = new JsonArray();
        foreach (var kind in run.Kinds)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal) { ["rows"] = 0, ["reviewerRejected"] = 0, ["accepted"] = 0, ["flagged"] = 0, ["unreviewed"] = 0 };
            var target = Path.Combine(source, kind);
            Directory.CreateDirectory(target);
            foreach (var stale in RunData.Shards(target))
            {
                File.Delete(stale);
            }

            var jsonlPath = Path.Combine(source, $"{kind}.jsonl");
            await using (var jsonl = new StreamWriter(jsonlPath, false, new UTF8Encoding(false)))
            {
                foreach (var shard in RunData.Shards(Path.Combine(run.Directory, kind)))
                {
                    var written = await ExportShardAsync(shard, Path.Combine(target, Path.GetFileName(shard)), verdicts, counts, jsonl, cancellationToken);
                    files.Add(await FileEntryAsync(source, written, cancellationToken));
                }
            }

            files.Add(await FileEntryAsync(source, jsonlPath, cancellationToken));
            kinds[kind] = new JsonObject(counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value)));
        }

        var card = Path.Combine(source, DatasetCardWriter.FileName);
        await File.WriteAllTextAsync(card, DatasetCardWriter.Render(run.Manifest, run.Kinds, withRejects: false, export: new JsonObject { ["kinds"] = kinds.DeepClone() }), cancellationToken);
        files.Add(await FileEntryAsync(source, card, cancellationToken));
        var manifest = new JsonObject
        {
            ["tool"] = "datagen export",
            ["sourceRun"] = run.Directory,
            ["runId"] = run.RunId,
            ["simulated"] = run.Simulated,
            ["exportedAt"] = time.GetUtcNow(),
            ["verdicts"] = verdicts.Count,
            ["kinds"] = kinds,
            ["files"] = files,
        };
        await File.WriteAllTextAsync(Path.Combine(source, "manifest.json"), manifest.ToJsonString(ManifestWriter.JsonOptions), cancellationToken);
        return manifest;
    }

    private static async Task<string> ExportShardAsync(
        string shard, string target, IReadOnlyDictionary<string, Verdict> verdicts, Dictionary<string, long> counts, StreamWriter jsonl, CancellationToken cancellationToken)
    {
        Parquet.Serialization.DeserializationResult<Dictionary<string, object>> input;
        await using (var stream = File.OpenRead(shard))
        {
            input = await ParquetSerializer.DeserializeUntypedAsync(stream, null, null, cancellationToken);
        }

        var added = new[] { VerdictColumn, NoteColumn, ReviewerColumn };
        var fields = input.Schema.Fields.Where(f => !added.Contains(f.Name)).ToList();
        fields.AddRange(added.Select(name => new DataField<string>(name, true)));
        var rows = new List<IDictionary<string, object?>>();
        foreach (var raw in input.Data)
        {
            var row = new RunRow(ParquetRows.Normalize(raw), isReject: false);
            var verdict = verdicts.GetValueOrDefault(row.Id);
            if (verdict?.Value == Verdict.Rejected)
            {
                counts["reviewerRejected"]++;
                continue;
            }

            counts["rows"]++;
            counts[verdict?.Value ?? "unreviewed"]++;
            var output = new Dictionary<string, object?>(raw!, StringComparer.Ordinal)
            {
                [VerdictColumn] = verdict?.Value,
                [NoteColumn] = verdict?.Note,
                [ReviewerColumn] = verdict?.Reviewer,
            };
            rows.Add(output);
            await jsonl.WriteLineAsync(JsonLine(row));
        }

        var temporary = target + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await ParquetSerializer.SerializeUntypedAsync(rows, new ParquetSchema(fields), stream, ParquetCompression.Options("snappy"), input.CustomMetadata, cancellationToken);
        }

        File.Move(temporary, target, overwrite: true);
        return target;
    }

    /// <summary>One JSONL line: chat format for chats, <c>{"text": ...}</c> for prose.</summary>
    internal static string JsonLine(RunRow row) => row.Messages is { } turns
        ? new JsonObject { ["messages"] = new JsonArray([.. turns.Select(t => (JsonNode)new JsonObject { ["role"] = t.Role, ["content"] = t.Content })]) }.ToJsonString(JsonLineOptions)
        : new JsonObject { ["text"] = row.Text }.ToJsonString(JsonLineOptions);

    // A data file, never embedded in HTML: keep apostrophes and non-ASCII text readable.
    private static readonly JsonSerializerOptions JsonLineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<JsonObject> FileEntryAsync(string root, string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return new JsonObject
        {
            ["path"] = Path.GetRelativePath(root, path).Replace('\\', '/'),
            ["bytes"] = stream.Length,
            ["sha256"] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)),
        };
    }
}
