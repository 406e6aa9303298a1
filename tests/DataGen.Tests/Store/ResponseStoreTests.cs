using DataGen.Store;
using DataGen.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DataGen.Tests.Store;

public sealed class ResponseStoreTests
{
    [Test]
    public void Open_StoreWithoutCacheWriteColumn_OpensReplaysOldRowsAndRecordsCacheWrites()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("old.db");
        CreateOldSchemaStore(path, "old-key");

        using (var store = ResponseStore.Open(path))
        {
            store.Add(Response("new-key", cacheWrite: 200));
        }

        using var reopened = ResponseStore.Open(path);
        var old = reopened.Find("old-key");
        var added = reopened.Find("new-key");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reopened.Count(), Is.EqualTo(2));
            Assert.That(old, Is.Not.Null);
            Assert.That(old!.Text, Is.EqualTo("old answer"));
            Assert.That(old.InputTokens, Is.EqualTo(1300));
            Assert.That(old.CachedInputTokens, Is.EqualTo(1000));
            Assert.That(old.CacheWriteInputTokens, Is.Zero, "rows written before the column existed report no cache writes");
            Assert.That(added?.CacheWriteInputTokens, Is.EqualTo(200));
        }
    }

    /// <summary>The responses table as stores written before cache_write_input_tokens existed have it, with one row.</summary>
    private static void CreateOldSchemaStore(string path, string key)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE responses (
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
                created_at TEXT NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO responses VALUES ($key, 'anthropic', 'claude-test', 'primary', 'claude-test', 'old answer', 'stop', 1300, 50, 1000, '2025-01-01T00:00:00.0000000+00:00');
            """;
        command.Parameters.AddWithValue("$key", key);
        command.ExecuteNonQuery();
    }

    private static StoredResponse Response(string key, long cacheWrite) => new()
    {
        Key = key,
        Provider = "anthropic",
        Model = "claude-test",
        Text = "new answer",
        InputTokens = 1300,
        OutputTokens = 50,
        CachedInputTokens = 1000,
        CacheWriteInputTokens = cacheWrite,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
