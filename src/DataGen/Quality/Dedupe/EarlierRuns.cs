using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Output.Reading;
using Parquet;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// The earlier runs' outputs a run dedupes against (<c>dedupe.against</c>): each entry a run folder (its kind folders'
/// kept shards, never <c>rejects/</c>) or a Parquet glob (<c>*</c> within a name, <c>**</c> across folders, <c>?</c>).
/// Resolved once, up front, so a path that matches nothing is a config error before anything is paid for; the rows
/// are read one row group at a time (<see cref="ReadAsync"/>), so only the dedupe indexes grow with them.
/// </summary>
public sealed class EarlierRuns
{
    private EarlierRuns(IReadOnlyList<EarlierShard> shards) => Shards = shards;

    /// <summary>Every shard to read, in entry order, then name order; each knows the run it came from.</summary>
    public IReadOnlyList<EarlierShard> Shards { get; }

    /// <summary>
    /// Resolves <paramref name="entries"/>; a missing folder, a folder without shards, a glob matching no Parquet file,
    /// or the run's own output folder is a <see cref="ConfigException"/> naming <c>$.dedupe.against[i]</c>.
    /// Every problem is reported at once. Returns null for an empty list.
    /// </summary>
    public static EarlierRuns? Resolve(IReadOnlyList<string> entries, string outputDirectory, string configPath)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return null;
        }

        var output = Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var problems = new List<string>();
        var shards = new List<EarlierShard>();
        for (var i = 0; i < entries.Count; i++)
        {
            var place = $"$.dedupe.against[{i}]";
            var entry = entries[i];
            var found = Directory.Exists(entry) ? FromRunFolder(entry) : FromGlob(entry);
            if (found.Count == 0)
            {
                problems.Add(Directory.Exists(entry)
                    ? $"{place}: '{entry}' is a folder without kept Parquet shards (<kind>/part-*.parquet)"
                    : $"{place}: '{entry}' matches no run folder and no Parquet file");
            }
            else if (found.FirstOrDefault(s => (Path.GetFullPath(s.Path) + Path.DirectorySeparatorChar).StartsWith(output, StringComparison.Ordinal)) is { } own)
            {
                problems.Add($"{place}: '{own.Path}' is inside this run's own output folder; a run cannot dedupe against itself");
            }
            else
            {
                shards.AddRange(found);
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(configPath, problems);
        }

        return new EarlierRuns([.. shards.DistinctBy(s => Path.GetFullPath(s.Path))]);
    }

    /// <summary>
    /// The earlier rows of <paramref name="kind"/> (null: every row; a row without a <c>kind</c> column counts for every kind),
    /// shard by shard and one row group at a time. A shard that is not readable Parquet, or a row without an id,
    /// throws <see cref="InvalidDataException"/> naming the file and row group.
    /// </summary>
    public async IAsyncEnumerable<EarlierRow> ReadAsync(DataKind? kind, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var name = kind?.Name();
        foreach (var shard in Shards)
        {
            int groups;
            try
            {
                await using var stream = File.OpenRead(shard.Path);
                await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
                groups = reader.RowGroupCount;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"{shard.Path}: not a readable Parquet file ({ex.Message})", ex);
            }

            for (var group = 0; group < groups; group++)
            {
                foreach (var columns in await ParquetRows.ReadAsync(shard.Path, group, cancellationToken))
                {
                    var row = new RunRow(columns, isReject: false);
                    if (name is not null && row.Kind.Length > 0 && row.Kind != name)
                    {
                        continue;
                    }

                    if (row.Id.Length == 0)
                    {
                        throw new InvalidDataException($"{shard.Path}: row group {group} has a row without an 'id'");
                    }

                    yield return new EarlierRow(shard.Run, row.Id, row.Text);
                }
            }
        }
    }

    private static List<EarlierShard> FromRunFolder(string folder)
    {
        var run = RunIdOf(folder);
        return [.. Directory.EnumerateDirectories(folder)
            .Where(d => Path.GetFileName(d) != Pipeline.PipelineRunner.RejectsFolder)
            .Order(StringComparer.Ordinal)
            .SelectMany(ParquetRows.ShardsIn)
            .Select(path => new EarlierShard(path, run))];
    }

    private static List<EarlierShard> FromGlob(string pattern)
    {
        var full = Path.GetFullPath(pattern);
        var wildcard = full.IndexOfAny(['*', '?']);
        if (wildcard < 0)
        {
            return File.Exists(full) && full.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? [new EarlierShard(full, RunIdOf(RunFolderOf(full)))] : [];
        }

        var root = Path.GetDirectoryName(full[..(full.LastIndexOf(Path.DirectorySeparatorChar, wildcard) + 1)])!;
        if (!Directory.Exists(root))
        {
            return [];
        }

        var regex = new Regex("^" + GlobToRegex(full) + "$", RegexOptions.CultureInvariant);
        return [.. Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories)
            .Where(f => regex.IsMatch(f))
            .Order(StringComparer.Ordinal)
            .Select(f => new EarlierShard(f, RunIdOf(RunFolderOf(f))))];
    }

    private static string GlobToRegex(string glob)
    {
        var separator = Regex.Escape(Path.DirectorySeparatorChar.ToString());
        var pattern = new System.Text.StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a bare "**" anything at all.
                var slash = i + 2 < glob.Length && glob[i + 2] == Path.DirectorySeparatorChar;
                pattern.Append(slash ? $"(.*{separator})?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                pattern.Append(glob[i] switch
                {
                    '*' => $"[^{separator}]*",
                    '?' => $"[^{separator}]",
                    var c => Regex.Escape(c.ToString()),
                });
            }
        }

        return pattern.ToString();
    }

    // A shard's run folder: the nearest folder above it with a manifest.json, else the folder above its kind folder.
    private static string RunFolderOf(string shard)
    {
        for (var folder = Path.GetDirectoryName(shard); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, Pipeline.PipelineRunner.ManifestFile)))
            {
                return folder;
            }
        }

        return Path.GetDirectoryName(Path.GetDirectoryName(shard)) ?? Path.GetDirectoryName(shard)!;
    }

    // The run id from the folder's manifest, else the folder's name.
    private static string RunIdOf(string folder)
    {
        var manifest = Path.Combine(folder, Pipeline.PipelineRunner.ManifestFile);
        if (File.Exists(manifest))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(manifest))?["runId"]?.GetValue<string>() is { Length: > 0 } id)
                {
                    return id;
                }
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
            {
                // An unreadable manifest does not stop the dedupe: the folder's name still names the run.
            }
        }

        return Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
    }
}
