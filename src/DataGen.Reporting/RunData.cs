using System.Text.Json.Nodes;
using DataGen.Output.Reading;
using DataGen.Pipeline;

namespace DataGen.Reporting;

/// <summary>
/// A run folder read back: the manifest as JSON (so fields added by later versions are kept), the kept rows of every
/// kind and the rejected rows. Kinds are the folders holding <c>part-*.parquet</c> shards, rejects aside.
/// </summary>
public sealed record RunData
{
    public required string Directory { get; init; }

    /// <summary>The manifest, or an empty object when the folder has none.</summary>
    public required JsonObject Manifest { get; init; }

    /// <summary>Kind names in a stable order: the manifest's order, then any other folders.</summary>
    public required IReadOnlyList<string> Kinds { get; init; }

    public required IReadOnlyList<RunRow> Samples { get; init; }

    public required IReadOnlyList<RunRow> Rejects { get; init; }

    /// <summary>Run id, or the folder name when the manifest lacks one.</summary>
    public string RunId => Manifest["runId"]?.GetValue<string>() ?? Path.GetFileName(Directory.TrimEnd(Path.DirectorySeparatorChar));

    public bool Simulated => Manifest["simulated"]?.GetValue<bool>() ?? Samples.Any(s => s.Columns.GetValueOrDefault("simulated") is true);

    /// <summary>Judge score columns present in any row, sorted.</summary>
    public IReadOnlyList<string> ScoreColumns => [.. Samples.Concat(Rejects).SelectMany(r => r.Scores.Keys).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Reads a run folder; a missing folder or one with no shards and no manifest is an error.</summary>
    public static async Task<RunData> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        var header = await OpenAsync(directory, cancellationToken);
        var samples = new List<RunRow>();
        foreach (var kind in header.Kinds)
        {
            samples.AddRange(await ReadFolderAsync(Path.Combine(header.Directory, kind), isReject: false, cancellationToken));
        }

        var rejects = await ReadFolderAsync(Path.Combine(header.Directory, PipelineRunner.RejectsFolder), isReject: true, cancellationToken);
        return header with { Samples = samples, Rejects = rejects };
    }

    /// <summary>
    /// The folder, manifest and kinds of a run without reading a row (<see cref="Samples"/> and <see cref="Rejects"/>
    /// are empty): for tools that stream the shards themselves, such as the review index.
    /// </summary>
    public static async Task<RunData> OpenAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"{full}: no such run folder");
        }

        var manifestPath = Path.Combine(full, PipelineRunner.ManifestFile);
        var manifest = File.Exists(manifestPath)
            ? JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken)) as JsonObject ?? []
            : [];
        var kinds = KindFolders(full, manifest);
        if (kinds.Count == 0 && manifest.Count == 0)
        {
            throw new InvalidDataException($"{full}: not a run folder (no manifest.json and no part-*.parquet shards)");
        }

        return new RunData { Directory = full, Manifest = manifest, Kinds = kinds, Samples = [], Rejects = [] };
    }

    /// <summary>
    /// Principle ids every plot lists, in one order: the constitution's (read from the manifest's path when the file
    /// is still there), then any other id a row carries. Principles with no row are listed, so their gap shows.
    /// </summary>
    public IReadOnlyList<string> PrincipleIds()
    {
        var ids = new List<string>();
        if (Manifest["constitution"]?["path"]?.ToString() is { Length: > 0 } path && File.Exists(path))
        {
            try
            {
                ids.AddRange(Constitution.ConstitutionLoader.Load(path).Principles.Select(p => p.Id));
            }
            catch (Configuration.ConfigException)
            {
                // The constitution changed into something unreadable since the run: fall back to the rows' ids.
            }
        }

        var seen = new HashSet<string>(ids, StringComparer.Ordinal);
        ids.AddRange(Samples.Concat(Rejects).Select(r => r.PrincipleId).Where(p => p.Length > 0).Distinct().Order(StringComparer.Ordinal).Where(seen.Add));
        return ids;
    }

    /// <summary>
    /// Every row under the key the review page gives it: kept rows (kinds in order) then rejects, each under its id,
    /// a repeated id under <c>id~2</c>, <c>id~3</c>, ... (the review index assigns keys the same way).
    /// </summary>
    public IEnumerable<(string Key, RunRow Row)> ReviewKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Samples.Concat(Rejects))
        {
            var key = row.Id;
            for (var n = 2; !keys.Add(key); n++)
            {
                key = $"{row.Id}~{n}";
            }

            yield return (key, row);
        }
    }

    /// <summary>The shards of one kind folder, in name order.</summary>
    public static IReadOnlyList<string> Shards(string folder) => ParquetRows.ShardsIn(folder);

    private static List<string> KindFolders(string directory, JsonObject manifest)
    {
        var kinds = new List<string>();
        if (manifest["kinds"] is JsonObject declared)
        {
            kinds.AddRange(declared.Select(k => k.Key).Where(k => System.IO.Directory.Exists(Path.Combine(directory, k))));
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (folder is not null && folder != PipelineRunner.RejectsFolder && !kinds.Contains(folder) && Shards(Path.Combine(directory, folder)).Count > 0)
            {
                kinds.Add(folder);
            }
        }

        return kinds;
    }

    private static async Task<List<RunRow>> ReadFolderAsync(string folder, bool isReject, CancellationToken cancellationToken)
    {
        var rows = new List<RunRow>();
        foreach (var shard in Shards(folder))
        {
            rows.AddRange((await ParquetRows.ReadAsync(shard, cancellationToken)).Select(r => new RunRow(r, isReject)));
        }

        return rows;
    }
}
