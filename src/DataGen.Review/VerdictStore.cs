using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DataGen.Review;

/// <summary>
/// Reviewers' verdicts in SQLite (<c>review.sqlite</c> in the run folder, WAL mode). Every verdict is an insert with
/// reviewer and time, never an update, so several reviewers working at once never overwrite each other: the history
/// is complete and the current verdict of a sample is its latest entry. Each call opens its own pooled connection, so
/// one store serves concurrent requests and several processes can share the file.
/// </summary>
public sealed class VerdictStore
{
    public const string FileName = "review.sqlite";

    private readonly string _connectionString;

    private VerdictStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens (creating if needed) the store of a run folder.</summary>
    public static VerdictStore ForRun(string runDirectory) => Open(System.IO.Path.Combine(runDirectory, FileName));

    public static VerdictStore Open(string path)
    {
        var store = new VerdictStore(path);
        using var connection = store.Connect();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS verdicts (
                seq        INTEGER PRIMARY KEY AUTOINCREMENT,
                sample_id  TEXT NOT NULL,
                kind       TEXT NOT NULL,
                verdict    TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected', 'flagged')),
                note       TEXT,
                reviewer   TEXT NOT NULL,
                created_at TEXT NOT NULL,
                content_hash TEXT
            );
            CREATE INDEX IF NOT EXISTS verdicts_sample ON verdicts (sample_id, seq);
            """);
        using (var columns = connection.CreateCommand())
        {
            // Stores made before verdicts were keyed by content lack the column: add it; their verdicts stay null (stale).
            columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('verdicts') WHERE name = 'content_hash'";
            if ((long)columns.ExecuteScalar()! == 0)
            {
                Execute(connection, "ALTER TABLE verdicts ADD COLUMN content_hash TEXT;");
            }
        }

        return store;
    }

    public async Task<Verdict> AddAsync(Verdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (!Verdict.Values.Contains(verdict.Value))
        {
            throw new ArgumentException($"verdict must be one of {string.Join(", ", Verdict.Values)}, not '{verdict.Value}'", nameof(verdict));
        }

        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO verdicts (sample_id, kind, verdict, note, reviewer, created_at, content_hash)
            VALUES ($sample, $kind, $verdict, $note, $reviewer, $at, $hash) RETURNING seq;
            """;
        command.Parameters.AddWithValue("$sample", verdict.SampleId);
        command.Parameters.AddWithValue("$kind", verdict.Kind);
        command.Parameters.AddWithValue("$verdict", verdict.Value);
        command.Parameters.AddWithValue("$note", (object?)verdict.Note ?? DBNull.Value);
        command.Parameters.AddWithValue("$reviewer", verdict.Reviewer);
        command.Parameters.AddWithValue("$hash", (object?)verdict.ContentHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", verdict.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return verdict with { Sequence = sequence };
    }

    /// <summary>The current verdict of every reviewed sample: its latest entry, whoever wrote it.</summary>
    public async Task<IReadOnlyDictionary<string, Verdict>> CurrentAsync(CancellationToken cancellationToken)
    {
        var latest = await QueryAsync("""
            SELECT v.* FROM verdicts v
            JOIN (SELECT sample_id, MAX(seq) AS seq FROM verdicts GROUP BY sample_id) latest ON v.seq = latest.seq
            """, null, cancellationToken);
        return latest.ToDictionary(v => v.SampleId, StringComparer.Ordinal);
    }

    /// <summary>Every verdict on one sample, oldest first.</summary>
    public Task<List<Verdict>> HistoryAsync(string sampleId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT * FROM verdicts WHERE sample_id = $sample ORDER BY seq", sampleId, cancellationToken);

    private async Task<List<Verdict>> QueryAsync(string sql, string? sampleId, CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (sampleId is not null)
        {
            command.Parameters.AddWithValue("$sample", sampleId);
        }

        var verdicts = new List<Verdict>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            verdicts.Add(new Verdict
            {
                Sequence = reader.GetInt64(reader.GetOrdinal("seq")),
                SampleId = reader.GetString(reader.GetOrdinal("sample_id")),
                Kind = reader.GetString(reader.GetOrdinal("kind")),
                Value = reader.GetString(reader.GetOrdinal("verdict")),
                Note = reader.IsDBNull(reader.GetOrdinal("note")) ? null : reader.GetString(reader.GetOrdinal("note")),
                Reviewer = reader.GetString(reader.GetOrdinal("reviewer")),
                CreatedAt = DateTimeOffset.Parse(reader.GetString(reader.GetOrdinal("created_at")), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                ContentHash = reader.IsDBNull(reader.GetOrdinal("content_hash")) ? null : reader.GetString(reader.GetOrdinal("content_hash")),
            });
        }

        return verdicts;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
