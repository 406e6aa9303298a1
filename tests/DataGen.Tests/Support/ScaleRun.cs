using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace DataGen.Tests.Support;

/// <summary>Helpers for sharded-run tests: the built datagen.dll as a separate process, final rows, store rows.</summary>
internal static class ScaleRun
{
    public static string Dll => Path.Combine(TestContext.CurrentContext.TestDirectory, "datagen.dll");

    /// <summary>Starts <c>dotnet datagen.dll ARGS</c> with output captured.</summary>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Start([], args, environment);

    /// <summary>
    /// Starts <c>dotnet datagen.dll ARGS</c> with SIGINT at its default disposition, through coreutils'
    /// <c>env --default-signal=INT</c> (which execs, so the process id is datagen's). A process started in the
    /// background of a non-interactive shell (<c>nohup ... &amp;</c>, as a CI job may be) ignores SIGINT, every child
    /// inherits that, and .NET respects it: such a launcher would never see the Ctrl+C a test sends it.
    /// </summary>
    public static Process StartInterruptible(IEnumerable<string> args) => Start(["env", "--default-signal=INT"], args, null);

    private static Process Start(IReadOnlyList<string> prefix, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(prefix.Count > 0 ? prefix[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (prefix.Count > 0)
        {
            foreach (var word in prefix.Skip(1))
            {
                start.ArgumentList.Add(word);
            }

            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs a process to its end and returns its exit code and output.</summary>
    public static async Task<CliRun> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>"id\tcontent" per kept row of every kind, in (kind, id) order, read with DuckDB.</summary>
    public static List<string> Rows(string output)
    {
        var rows = new List<string>();
        foreach (var kind in new[] { "advice_chats", "documents", "stories" })
        {
            var content = kind == "advice_chats" ? "to_json(messages)::VARCHAR" : "text";
            rows.AddRange(DuckDb.Query($"SELECT id, {content} AS c FROM read_parquet('{Path.Combine(output, kind, "*.parquet")}') ORDER BY id").Select(r => $"{kind}\t{r["id"]}\t{r["c"]}"));
        }

        return rows;
    }

    /// <summary>A kind's diversity figures from the manifest (axis coverage with totals, distinct-n, principles).</summary>
    public static JsonNode Diversity(string output, string kind) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")))!["kinds"]![kind]!["diversity"]!;

    public static string ContentHash(string output) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")))!["contentHash"]!.GetValue<string>();

    public static long StoreRows(string store)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM responses";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            // The store or its table may not exist yet in the first milliseconds of a task.
            return 0;
        }
    }
}
