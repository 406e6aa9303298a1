using System.Globalization;
using System.Text;
using DataGen.Output.Reading;
using DataGen.Pipeline;
using DataGen.Reporting;
using Microsoft.Data.Sqlite;
using Parquet;

namespace DataGen.Review;

/// <summary>
/// A SQLite index beside a run (<c>review-index.sqlite</c>): one small row per sample and reject (key, kind,
/// principle, status, words, content hash, a preview, where it lives: shard, row group, position), its judge scores
/// and its axes. The review page pages, filters and sorts here, so the server never holds the run in memory; a
/// sample's full text is read from its one row group when it is opened. The index is rebuilt whenever the shards
/// change (a rerun), streaming one row group at a time; deleting the file is always safe.
/// </summary>
public sealed class ReviewIndex
{
    public const string FileName = "review-index.sqlite";
    private const int PreviewLength = 160;
    private const int FormatVersion = 1;

    private readonly string _connectionString;
    private readonly Lock _cacheLock = new();
    private (string Shard, int Group, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows)? _cache;

    private ReviewIndex(RunData run, string path)
    {
        Run = run;
        Path = path;
        // Read-write (never create): the verdict store, attached to these connections, is in WAL mode.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
    }

    /// <summary>The run's folder, manifest and kinds (no rows).</summary>
    public RunData Run { get; }

    public string Path { get; }

    /// <summary>Opens the index of a run folder, building it first when it is missing or older than the shards.</summary>
    public static async Task<ReviewIndex> OpenAsync(string runDirectory, CancellationToken cancellationToken)
    {
        var run = await RunData.OpenAsync(runDirectory, cancellationToken);
        var path = System.IO.Path.Combine(run.Directory, FileName);
        var fingerprint = Fingerprint(run);
        if (ReadFingerprint(path) != fingerprint)
        {
            await BuildAsync(run, path, fingerprint, cancellationToken);
        }

        return new ReviewIndex(run, path);
    }

    /// <summary>Every shard of the run, kinds first in their order, then the rejects.</summary>
    internal static IEnumerable<(string Shard, bool IsReject)> ShardsOf(RunData run) =>
        run.Kinds.SelectMany(k => RunData.Shards(System.IO.Path.Combine(run.Directory, k)).Select(s => (s, false)))
            .Concat(RunData.Shards(System.IO.Path.Combine(run.Directory, PipelineRunner.RejectsFolder)).Select(s => (s, true)));

    internal SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The full row behind a key, read from its row group (the last group read is kept for j/k browsing).</summary>
    public async Task<RunRow?> ReadRowAsync(string key, CancellationToken cancellationToken)
    {
        string shard;
        int group;
        int index;
        bool isReject;
        await using (var connection = Connect())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT shard, row_group, row_index, is_reject FROM rows WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            shard = reader.GetString(0);
            group = reader.GetInt32(1);
            index = reader.GetInt32(2);
            isReject = reader.GetInt64(3) == 1;
        }

        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows;
        lock (_cacheLock)
        {
            rows = _cache is { } cached && cached.Shard == shard && cached.Group == group ? cached.Rows : [];
        }

        if (rows.Count == 0)
        {
            rows = await ReadGroupAsync(System.IO.Path.Combine(Run.Directory, shard), group, cancellationToken);
            lock (_cacheLock)
            {
                _cache = (shard, group, rows);
            }
        }

        return index < rows.Count ? new RunRow(rows[index], isReject) : null;
    }

    internal static Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadGroupAsync(string shard, int group, CancellationToken cancellationToken) =>
        ParquetRows.ReadAsync(shard, group, cancellationToken);

    /// <summary>How many row groups a shard has.</summary>
    internal static async Task<int> RowGroupsAsync(string shard, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(shard);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        return reader.RowGroupCount;
    }

    private static string Fingerprint(RunData run)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"v{FormatVersion};");
        foreach (var (shard, _) in ShardsOf(run))
        {
            var info = new FileInfo(shard);
            text.Append(CultureInfo.InvariantCulture, $"{System.IO.Path.GetRelativePath(run.Directory, shard)}|{info.Length}|{info.LastWriteTimeUtc.Ticks};");
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string? ReadFingerprint(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE name = 'fingerprint'";
            return command.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            // A damaged or foreign file: rebuilt like a missing one.
            return null;
        }
    }

    private static async Task BuildAsync(RunData run, string path, string fingerprint, CancellationToken cancellationToken)
    {
        // Connections are not pooled: a pooled one would keep reading the replaced file after a rebuild.
        // Built into a temporary file and moved into place, so a reader never sees half an index.
        var temporary = path + ".building";
        File.Delete(temporary);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(cancellationToken);
            Execute(connection, """
                PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
                CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE rows (
                    ord INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, id TEXT NOT NULL, kind TEXT NOT NULL, principle TEXT NOT NULL,
                    is_reject INTEGER NOT NULL, status TEXT NOT NULL, stage TEXT, shard TEXT NOT NULL, row_group INTEGER NOT NULL,
                    row_index INTEGER NOT NULL, words INTEGER NOT NULL, hash TEXT NOT NULL, mean REAL, preview TEXT NOT NULL);
                CREATE TABLE scores (ord INTEGER NOT NULL, name TEXT NOT NULL, value REAL NOT NULL);
                CREATE TABLE axes (ord INTEGER NOT NULL, axis TEXT NOT NULL, value TEXT NOT NULL);
                """);
            var ord = 0L;
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (shard, isReject) in ShardsOf(run))
            {
                var relative = System.IO.Path.GetRelativePath(run.Directory, shard);
                var groups = await RowGroupsAsync(shard, cancellationToken);
                for (var group = 0; group < groups; group++)
                {
                    var rows = await ReadGroupAsync(shard, group, cancellationToken);
                    await using var transaction = connection.BeginTransaction();
                    using var insertRow = Command(connection, "INSERT INTO rows VALUES ($ord, $key, $id, $kind, $principle, $reject, $status, $stage, $shard, $group, $index, $words, $hash, $mean, $preview)", transaction);
                    using var insertScore = Command(connection, "INSERT INTO scores VALUES ($ord, $name, $value)", transaction);
                    using var insertAxis = Command(connection, "INSERT INTO axes VALUES ($ord, $axis, $value)", transaction);
                    for (var i = 0; i < rows.Count; i++)
                    {
                        var row = new RunRow(rows[i], isReject);
                        var key = row.Id;
                        for (var n = 2; !keys.Add(key); n++)
                        {
                            key = $"{row.Id}~{n}";
                        }

                        ord++;
                        var scores = row.Scores;
                        var text = row.Text;
                        Bind(insertRow, ("$ord", ord), ("$key", key), ("$id", row.Id), ("$kind", row.Kind), ("$principle", row.PrincipleId),
                            ("$reject", isReject ? 1 : 0), ("$status", isReject ? row.Reason ?? "rejected" : "kept"), ("$stage", row.Stage),
                            ("$shard", relative), ("$group", group), ("$index", i), ("$words", row.WordCount), ("$hash", row.ContentHash),
                            ("$mean", MeanScore(scores)), ("$preview", text.Length <= PreviewLength ? text : text[..PreviewLength]));
                        await insertRow.ExecuteNonQueryAsync(cancellationToken);
                        foreach (var (name, value) in scores)
                        {
                            Bind(insertScore, ("$ord", ord), ("$name", name), ("$value", value));
                            await insertScore.ExecuteNonQueryAsync(cancellationToken);
                        }

                        foreach (var (axis, value) in row.Axes)
                        {
                            Bind(insertAxis, ("$ord", ord), ("$axis", axis), ("$value", value));
                            await insertAxis.ExecuteNonQueryAsync(cancellationToken);
                        }
                    }

                    await transaction.CommitAsync(cancellationToken);
                }
            }

            Execute(connection, """
                CREATE INDEX rows_kind ON rows (kind, ord); CREATE INDEX rows_principle ON rows (principle, ord);
                CREATE INDEX rows_status ON rows (status, ord); CREATE INDEX rows_mean ON rows (mean, ord); CREATE INDEX rows_words ON rows (words, ord);
                CREATE INDEX scores_name ON scores (name, value, ord); CREATE INDEX scores_ord ON scores (ord, name);
                CREATE INDEX axes_value ON axes (axis, value, ord); CREATE INDEX axes_ord ON axes (ord, axis);
                ANALYZE;
                """);
            using var meta = Command(connection, "INSERT INTO meta VALUES ('fingerprint', $value)");
            Bind(meta, ("$value", fingerprint));
            await meta.ExecuteNonQueryAsync(cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The row's overall judge score: its <c>judge_mean</c> when present, else the mean of its criteria.</summary>
    internal static double? MeanScore(IReadOnlyDictionary<string, double> scores) =>
        scores.TryGetValue(JudgeMeanColumn, out var mean) ? mean
        : scores.Count > 0 ? scores.Values.Average()
        : null;

    /// <summary>The judge's mean score column, carried by judge rejects (and by kept rows where the writer adds it).</summary>
    public const string JudgeMeanColumn = "judge_mean";

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] values)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }
}
