using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DataGen.Store;

/// <summary>
/// The embedded response store: a SQLite database in WAL mode holding every completed model call by request key.
/// A response is committed before <see cref="AddAsync"/> completes, so a process killed with SIGKILL keeps every
/// call it recorded. Commits are grouped: while one transaction is being written, responses that arrive queue up and
/// go into the next one, so hundreds of calls in flight share a few commits instead of contending for one each.
/// Keys already in the file are held in memory, so a lookup for a new request never touches SQLite.
/// </summary>
public sealed class ResponseStore : IDisposable
{
    /// <summary>File name of the store in the output folder when the config names no path.</summary>
    public const string DefaultFileName = "responses.db";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _insert;
    private readonly Lock _lock = new();
    private readonly Lock _pendingLock = new();
    // Read without the lock (a miss, the common case in a fresh run, must not wait for the writer's transaction, which
    // holds the lock while it commits a batch); written under it once a batch is committed.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);
    private List<(StoredResponse Response, TaskCompletionSource Done)> _pending = [];
    private bool _writing;

    private ResponseStore(SqliteConnection connection)
    {
        _connection = connection;
        _select = connection.CreateCommand();
        _select.CommandText = "SELECT provider, model, endpoint, model_id, text, finish_reason, input_tokens, output_tokens, cached_input_tokens, created_at, cache_write_input_tokens, batch FROM responses WHERE key = $key";
        _select.Parameters.Add("$key", SqliteType.Text);
        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT OR IGNORE INTO responses (key, provider, model, endpoint, model_id, text, finish_reason, input_tokens, output_tokens, cached_input_tokens, created_at, cache_write_input_tokens, batch)
            VALUES ($key, $provider, $model, $endpoint, $model_id, $text, $finish_reason, $input_tokens, $output_tokens, $cached_input_tokens, $created_at, $cache_write_input_tokens, $batch)
            """;
        foreach (var name in new[] { "$key", "$provider", "$model", "$endpoint", "$model_id", "$text", "$finish_reason", "$input_tokens", "$output_tokens", "$cached_input_tokens", "$created_at", "$cache_write_input_tokens", "$batch" })
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _select.Prepare();
        _insert.Prepare();
        using var keys = connection.CreateCommand();
        keys.CommandText = "SELECT key FROM responses";
        using var reader = keys.ExecuteReader();
        while (reader.Read())
        {
            _keys.TryAdd(reader.GetString(0), 0);
        }
    }

    public string Path => _connection.DataSource;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file is not a DataGen store (not SQLite, corrupt) or cannot be opened; the message names it.</exception>
    public static ResponseStore Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return OpenCore(path);
        }
        catch (SqliteException ex)
        {
            throw new IOException($"{System.IO.Path.GetFullPath(path)}: cannot open the response store: {ex.Message.TrimEnd('.')} (SQLite error {ex.SqliteErrorCode}); move the file away to start without recorded responses", ex);
        }
    }

    private static ResponseStore OpenCore(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS responses (
                    key TEXT PRIMARY KEY,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    endpoint TEXT,
                    model_id TEXT,
                    text TEXT NOT NULL,
                    finish_reason TEXT,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    cached_input_tokens INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    cache_write_input_tokens INTEGER NOT NULL DEFAULT 0,
                    batch INTEGER NOT NULL DEFAULT 0
                ) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
        }

        AddMissingColumns(connection);

        return new ResponseStore(connection);
    }

    /// <summary>
    /// Brings a store written by an older DataGen up to the current table: columns added since are appended with a
    /// default, so its rows still replay (reporting 0 for what was not recorded then) and a run resumes from it.
    /// </summary>
    private static void AddMissingColumns(SqliteConnection connection)
    {
        // Check and alter in one write transaction, so two processes opening the same old store do not both add it.
        using var transaction = connection.BeginTransaction(deferred: false);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var info = connection.CreateCommand())
        {
            info.Transaction = transaction;
            info.CommandText = "SELECT name FROM pragma_table_info('responses')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        foreach (var column in new[] { "cache_write_input_tokens", "batch" })
        {
            if (!columns.Contains(column))
            {
                using var alter = connection.CreateCommand();
                alter.Transaction = transaction;
                alter.CommandText = $"ALTER TABLE responses ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0";
                alter.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>Number of stored responses.</summary>
    public long Count()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM responses";
            return (long)command.ExecuteScalar()!;
        }
    }

    public StoredResponse? Find(string key)
    {
        if (!_keys.ContainsKey(key))
        {
            return null;
        }

        lock (_lock)
        {
            _select.Parameters[0].Value = key;
            using var reader = _select.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return new StoredResponse
            {
                Key = key,
                Provider = reader.GetString(0),
                Model = reader.GetString(1),
                Endpoint = reader.IsDBNull(2) ? null : reader.GetString(2),
                ModelId = reader.IsDBNull(3) ? null : reader.GetString(3),
                Text = reader.GetString(4),
                FinishReason = reader.IsDBNull(5) ? null : reader.GetString(5),
                InputTokens = reader.GetInt64(6),
                OutputTokens = reader.GetInt64(7),
                CachedInputTokens = reader.GetInt64(8),
                CreatedAt = DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture),
                CacheWriteInputTokens = reader.GetInt64(10),
                Batch = reader.GetInt64(11) != 0,
            };
        }
    }

    /// <summary>Records a response; a key already present is left as it is (first answer wins).</summary>
    public void Add(StoredResponse response) => AddAsync(response).GetAwaiter().GetResult();

    /// <summary>Records a response; completes once it is committed. A key already present is left as it is.</summary>
    public Task AddAsync(StoredResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_pendingLock)
        {
            _pending.Add((response, done));
            lead = !_writing;
            _writing = true;
        }

        if (lead)
        {
            // The writer runs on the pool, not on the caller, so no caller is held up writing other callers' batches.
            _ = Task.Run(WritePending);
        }

        return done.Task;
    }

    /// <summary>Writes every queued response, batch after batch, until none is left; one writer at a time.</summary>
    private void WritePending()
    {
        while (true)
        {
            List<(StoredResponse Response, TaskCompletionSource Done)> batch;
            lock (_pendingLock)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            try
            {
                lock (_lock)
                {
                    using var transaction = _connection.BeginTransaction();
                    _insert.Transaction = transaction;
                    foreach (var (response, _) in batch)
                    {
                        Bind(response);
                        _insert.ExecuteNonQuery();
                    }

                    transaction.Commit();
                    _insert.Transaction = null;
                    foreach (var (response, _) in batch)
                    {
                        _keys.TryAdd(response.Key, 0);
                    }
                }

                foreach (var (_, done) in batch)
                {
                    done.SetResult();
                }
            }
            catch (Exception ex)
            {
                // Why catch everything: every waiter of this batch must learn that its response was not recorded.
                foreach (var (_, done) in batch)
                {
                    done.SetException(ex);
                }
            }
        }
    }

    private void Bind(StoredResponse response)
    {
        var p = _insert.Parameters;
        p[0].Value = response.Key;
        p[1].Value = response.Provider;
        p[2].Value = response.Model;
        p[3].Value = (object?)response.Endpoint ?? DBNull.Value;
        p[4].Value = (object?)response.ModelId ?? DBNull.Value;
        p[5].Value = response.Text;
        p[6].Value = (object?)response.FinishReason ?? DBNull.Value;
        p[7].Value = response.InputTokens;
        p[8].Value = response.OutputTokens;
        p[9].Value = response.CachedInputTokens;
        p[10].Value = response.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        p[11].Value = response.CacheWriteInputTokens;
        p[12].Value = response.Batch ? 1 : 0;
    }

    public void Dispose()
    {
        _select.Dispose();
        _insert.Dispose();
        _connection.Dispose();
    }
}
