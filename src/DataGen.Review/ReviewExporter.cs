using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Output.Reading;
using DataGen.Output;
using DataGen.Pipeline;
using DataGen.Reporting;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Review;

/// <summary>
/// <c>datagen export</c>: the final dataset after review. Per kind, the run's shards again with reviewer-rejected rows
/// removed and three columns added (<c>review_verdict</c>, <c>review_note</c>, <c>reviewer</c>; null when
/// unreviewed), every other column kept as it was. A verdict applies only to the content it was given on: after a
/// rerun changed a row's text, its old verdict is counted as <c>stale</c> and not applied. Pipeline rejects a reviewer
/// accepted are rescued into <c>rescued/</c> (their reject columns, reason included, plus the review columns) and
/// into the kind's JSONL; <c>&lt;kind&gt;.jsonl</c> in the chat format fine-tuning APIs take
/// (<c>{"messages": [...]}</c> for chats, <c>{"text": ...}</c> for prose); a dataset card (<c>README.md</c>, one Hub
/// config per kind, with the reviewed counts); and a small <c>manifest.json</c>.
/// </summary>
public static class ReviewExporter
{
    public const string VerdictColumn = "review_verdict";
    public const string NoteColumn = "review_note";
    public const string ReviewerColumn = "reviewer";

    /// <summary>Folder of the export holding rescued pipeline rejects (the reject columns plus the review columns).</summary>
    public const string RescuedFolder = "rescued";

    public static async Task<JsonObject> ExportAsync(string runDirectory, string outputDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var index = await ReviewIndex.OpenAsync(runDirectory, cancellationToken);
        var run = index.Run;
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
        var keys = await KeysAsync(index, cancellationToken);
        var files = new JsonArray();

        // Rejects a reviewer accepted (on the content the reject holds now) are rescued: written with their reason.
        var rescued = await RescueAsync(run, keys, verdicts, source, files, cancellationToken);
        var kinds = new JsonObject();
        foreach (var kind in run.Kinds.Union(rescued.Keys))
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal)
            {
                ["rows"] = 0, ["reviewerRejected"] = 0, ["accepted"] = 0, ["flagged"] = 0, ["unreviewed"] = 0, ["stale"] = 0, ["rescued"] = 0,
            };
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
                    var written = await ExportShardAsync(run.Directory, shard, Path.Combine(target, Path.GetFileName(shard)), keys, verdicts, counts, jsonl, cancellationToken);
                    files.Add(await FileEntryAsync(source, written, cancellationToken));
                }

                foreach (var row in rescued.GetValueOrDefault(kind) ?? [])
                {
                    counts["rescued"]++;
                    await jsonl.WriteLineAsync(JsonLine(row));
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

    /// <summary>The review key of every row by (shard, row group, position), as the index assigned them.</summary>
    private static async Task<Dictionary<(string, int, int), string>> KeysAsync(ReviewIndex index, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<(string, int, int), string>();
        await using var connection = index.Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT shard, row_group, row_index, key FROM rows";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys[(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2))] = reader.GetString(3);
        }

        return keys;
    }

    /// <summary>The verdict that applies to a row: its current verdict, unless it was given on other content.</summary>
    private static (Verdict? Applied, bool Stale) Applicable(Verdict? verdict, RunRow row) =>
        verdict is null ? (null, false) : verdict.IsStaleFor(row.ContentHash) ? (null, true) : (verdict, false);

    private static async Task<Dictionary<string, List<RunRow>>> RescueAsync(
        RunData run, Dictionary<(string, int, int), string> keys, IReadOnlyDictionary<string, Verdict> verdicts, string source, JsonArray files, CancellationToken cancellationToken)
    {
        var byKind = new Dictionary<string, List<RunRow>>(StringComparer.Ordinal);
        var target = Path.Combine(source, RescuedFolder);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        var rows = new List<IDictionary<string, object?>>();
        ParquetSchema? schema = null;
        foreach (var shard in RunData.Shards(Path.Combine(run.Directory, PipelineRunner.RejectsFolder)))
        {
            var relative = Path.GetRelativePath(run.Directory, shard);
            await foreach (var (group, input) in GroupsAsync(shard, cancellationToken))
            {
                for (var i = 0; i < input.Data.Count; i++)
                {
                    var row = new RunRow(ParquetRows.Normalize(input.Data[i]), isReject: true);
                    var (verdict, _) = Applicable(keys.TryGetValue((relative, group, i), out var key) ? verdicts.GetValueOrDefault(key) : null, row);
                    if (verdict?.Value != Verdict.Accepted)
                    {
                        continue;
                    }

                    schema ??= WithReviewColumns(input.Schema);
                    rows.Add(new Dictionary<string, object?>(input.Data[i]!, StringComparer.Ordinal)
                    {
                        [VerdictColumn] = verdict.Value,
                        [NoteColumn] = verdict.Note,
                        [ReviewerColumn] = verdict.Reviewer,
                    });
                    (byKind.TryGetValue(row.Kind, out var list) ? list : byKind[row.Kind] = []).Add(row);
                }
            }
        }

        if (rows.Count > 0)
        {
            Directory.CreateDirectory(target);
            var path = Path.Combine(target, "part-00000.parquet");
            await using (var stream = File.Create(path))
            {
                await ParquetSerializer.SerializeUntypedAsync(rows, schema!, stream, ParquetCompression.Options("snappy"), null, cancellationToken);
            }

            files.Add(await FileEntryAsync(source, path, cancellationToken));
        }

        return byKind;
    }

    private static async IAsyncEnumerable<(int Group, Parquet.Serialization.DeserializationResult<Dictionary<string, object>> Rows)> GroupsAsync(
        string shard, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = await ReviewIndex.RowGroupsAsync(shard, cancellationToken);
        for (var group = 0; group < groups; group++)
        {
            await using var stream = File.OpenRead(shard);
            yield return (group, await ParquetSerializer.DeserializeUntypedAsync(stream, null, group, cancellationToken));
        }
    }

    private static ParquetSchema WithReviewColumns(ParquetSchema schema)
    {
        var added = new[] { VerdictColumn, NoteColumn, ReviewerColumn };
        var fields = schema.Fields.Where(f => !added.Contains(f.Name)).ToList();
        fields.AddRange(added.Select(name => new DataField<string>(name, true)));
        return new ParquetSchema(fields);
    }

    private static async Task<string> ExportShardAsync(
        string runDirectory, string shard, string target, Dictionary<(string, int, int), string> keys, IReadOnlyDictionary<string, Verdict> verdicts,
        Dictionary<string, long> counts, StreamWriter jsonl, CancellationToken cancellationToken)
    {
        var relative = Path.GetRelativePath(runDirectory, shard);
        var rows = new List<IDictionary<string, object?>>();
        ParquetSchema? schema = null;
        IReadOnlyDictionary<string, string>? metadata = null;
        await foreach (var (group, input) in GroupsAsync(shard, cancellationToken))
        {
            schema ??= WithReviewColumns(input.Schema);
            metadata ??= input.CustomMetadata;
            for (var i = 0; i < input.Data.Count; i++)
            {
                var raw = input.Data[i];
                var row = new RunRow(ParquetRows.Normalize(raw), isReject: false);
                var key = keys.GetValueOrDefault((relative, group, i)) ?? row.Id;
                var (verdict, stale) = Applicable(verdicts.GetValueOrDefault(key), row);
                if (verdict?.Value == Verdict.Rejected)
                {
                    counts["reviewerRejected"]++;
                    continue;
                }

                counts["rows"]++;
                counts[stale ? "stale" : verdict?.Value ?? "unreviewed"]++;
                rows.Add(new Dictionary<string, object?>(raw!, StringComparer.Ordinal)
                {
                    [VerdictColumn] = verdict?.Value,
                    [NoteColumn] = verdict?.Note,
                    [ReviewerColumn] = verdict?.Reviewer,
                });
                await jsonl.WriteLineAsync(JsonLine(row));
            }
        }

        var temporary = target + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await ParquetSerializer.SerializeUntypedAsync(rows, schema ?? new ParquetSchema(new DataField<string>("id")), stream, ParquetCompression.Options("snappy"), metadata, cancellationToken);
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
