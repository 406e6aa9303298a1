using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataGen.Providers.Batching;

/// <summary>
/// The batches a run submitted, in <c>batches.jsonl</c> beside its output: one line per batch (its id, API and the
/// ids of its requests), appended and flushed to disk the moment the provider returns the id, before anything else.
/// A restarted run reads it and waits on the batch a request is already in rather than submitting it again; the
/// latest batch of a request wins (a resubmitted one). Thread-safe.
/// </summary>
public sealed class BatchJournal
{
    /// <summary>File name under the output folder.</summary>
    public const string FileName = "batches.jsonl";

    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _batchOf = new(StringComparer.Ordinal);

    public BatchJournal(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        _path = path;
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var line in File.ReadLines(path))
        {
            // A line cut off by a kill mid-write is the last one; what it named was never waited on.
            if (string.IsNullOrWhiteSpace(line) || !TryParse(line, out var batch, out var ids))
            {
                continue;
            }

            foreach (var id in ids)
            {
                _batchOf[id] = batch;
            }
        }
    }

    public string Path => _path;

    /// <summary>The batch a request was last submitted in, or null.</summary>
    public string? BatchOf(string customId)
    {
        lock (_lock)
        {
            return _batchOf.GetValueOrDefault(customId);
        }
    }

    /// <summary>Records a submitted batch durably.</summary>
    public void Add(string batchId, string api, IEnumerable<string> customIds)
    {
        var ids = customIds.ToList();
        var line = new JsonObject { ["batch"] = batchId, ["api"] = api, ["ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) }.ToJsonString();
        lock (_lock)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path))!);
            using (var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
            using (var writer = new StreamWriter(file))
            {
                writer.Write(line);
                writer.Write('\n');
                writer.Flush();
                file.Flush(flushToDisk: true);
            }

            foreach (var id in ids)
            {
                _batchOf[id] = batchId;
            }
        }
    }

    private static bool TryParse(string line, out string batch, out IReadOnlyList<string> ids)
    {
        batch = string.Empty;
        ids = [];
        try
        {
            var node = JsonNode.Parse(line);
            if (node?["batch"]?.GetValue<string>() is not { } id || node["ids"] is not JsonArray array)
            {
                return false;
            }

            batch = id;
            ids = [.. array.Select(i => i!.GetValue<string>())];
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
