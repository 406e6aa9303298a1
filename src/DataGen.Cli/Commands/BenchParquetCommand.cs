using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Simulator;
using DuckDB.NET.Data;

namespace DataGen.Cli.Commands;

/// <summary>
/// <c>datagen bench parquet</c>: writes the same story rows with DataGen's shard writer and with DuckDB's
/// <c>COPY ... (FORMAT parquet)</c> at the same compression and row-group size, and prints time and bytes of each.
/// DuckDB's table is loaded from DataGen's own files (not timed), so both write exactly the same rows.
/// </summary>
internal static class BenchParquetCommand
{
    public static Command Create(TextWriter stdout)
    {
        var rows = new Option<int>("--rows") { Description = "Story rows to write (planted texts of 150-300 words and run-like metadata).", DefaultValueFactory = _ => 70_000 };
        var rowGroup = new Option<int>("--row-group") { Description = "Rows per row group (DataGen: per shard, as output.rowsPerShard; DuckDB: ROW_GROUP_SIZE).", DefaultValueFactory = _ => 1_000 };
        var compression = new Option<string>("--compression") { Description = "snappy or zstd, for both writers.", DefaultValueFactory = _ => "snappy" };
        compression.AcceptOnlyFromAmong("snappy", "zstd");
        var repeat = new Option<int>("--repeat") { Description = "Timed writes per writer, interleaved; each figure is printed.", DefaultValueFactory = _ => 3 };
        var command = new Command("parquet", "Write the same story rows with DataGen's Parquet writer and with DuckDB's COPY (same compression and row-group size); prints seconds and bytes of each.")
        {
            rows, rowGroup, compression, repeat,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(rows);
            var group = parse.GetValue(rowGroup);
            var codec = parse.GetValue(compression)!;
            var root = Path.Combine(Path.GetTempPath(), "datagen-bench-parquet", Guid.NewGuid().ToString("N"));
            try
            {
                var data = Rows(count);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"parquet: {count} story rows, {data.Sum(r => (long)r.Text.Length) / 1048576.0:0.0} MiB of text, {group} rows per row group, {codec}"));
                var first = Path.Combine(root, "datagen-0");
                for (var i = 0; i < Math.Max(1, parse.GetValue(repeat)); i++)
                {
                    var folder = Path.Combine(root, $"datagen-{i}");
                    var (seconds, bytes) = await WriteDataGenAsync(data, folder, group, codec, cancellationToken);
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  datagen: {seconds:0.000} s, {bytes / 1048576.0:0.00} MiB ({bytes} bytes)"));
                    var (duckSeconds, duckBytes) = CopyWithDuckDb(first, Path.Combine(root, $"duckdb-{i}.parquet"), group, codec);
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  duckdb COPY: {duckSeconds:0.000} s, {duckBytes / 1048576.0:0.00} MiB ({duckBytes} bytes)"));
                }

                foreach (var line in Columns(Path.Combine(first, "stories", "*.parquet"), Path.Combine(root, "duckdb-0.parquet")))
                {
                    await stdout.WriteLineAsync(line);
                }

                return DataGenCli.Success;
            }
            finally
            {
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        });
        return command;
    }

    private static async Task<(double Seconds, long Bytes)> WriteDataGenAsync(List<TextSampleRow> rows, string folder, int rowGroup, string codec, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var writer = new ParquetShardWriter<TextSampleRow>(folder, "stories", rowGroup, codec, new Dictionary<string, string>());
        foreach (var row in rows)
        {
            await writer.AddAsync(row, cancellationToken);
        }

        var shards = await writer.CompleteAsync(cancellationToken);
        clock.Stop();
        return (clock.Elapsed.TotalSeconds, shards.Sum(s => s.Bytes));
    }

    // The table is loaded from DataGen's shards first (not timed); the COPY alone is timed.
    private static (double Seconds, long Bytes) CopyWithDuckDb(string dataGenFolder, string target, int rowGroup, string codec)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var load = connection.CreateCommand())
        {
            load.CommandText = $"CREATE TABLE rows AS SELECT * FROM read_parquet('{Path.Combine(dataGenFolder, "stories", "*.parquet")}')";
            load.ExecuteNonQuery();
        }

        var clock = Stopwatch.StartNew();
        using (var copy = connection.CreateCommand())
        {
            copy.CommandText = string.Create(CultureInfo.InvariantCulture, $"COPY rows TO '{target}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE {rowGroup})");
            copy.ExecuteNonQuery();
        }

        clock.Stop();
        return (clock.Elapsed.TotalSeconds, new FileInfo(target).Length);
    }

    // Per column: compressed bytes and encodings in each writer's files, largest difference first, so a size gap
    // points at the columns behind it.
    private static IEnumerable<string> Columns(string dataGenFiles, string duckDbFile)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"""
            WITH d AS (SELECT path_in_schema AS col, SUM(total_compressed_size)::BIGINT AS bytes, string_agg(DISTINCT encodings, ' ') AS enc FROM parquet_metadata('{dataGenFiles}') GROUP BY 1),
                 k AS (SELECT path_in_schema AS col, SUM(total_compressed_size)::BIGINT AS bytes, string_agg(DISTINCT encodings, ' ') AS enc FROM parquet_metadata('{duckDbFile}') GROUP BY 1)
            SELECT coalesce(d.col, k.col), coalesce(d.bytes, 0), coalesce(d.enc, ''), coalesce(k.bytes, 0), coalesce(k.enc, '')
            FROM d FULL JOIN k ON d.col = k.col ORDER BY abs(coalesce(d.bytes, 0) - coalesce(k.bytes, 0)) DESC LIMIT 12
            """;
        using var reader = query.ExecuteReader();
        yield return "  columns (largest difference first): datagen bytes [encodings] / duckdb bytes [encodings]";
        while (reader.Read())
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"    {reader.GetString(0)}: {reader.GetInt64(1)} [{reader.GetString(2)}] / {reader.GetInt64(3)} [{reader.GetString(4)}]");
        }
    }

    // Run-like rows: a handful of principles, prompts, axis values and one model, as a run of one kind has.
    private static List<TextSampleRow> Rows(int count)
    {
        var random = new Random(5);
        var created = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] framings = ["first person", "third person", "letter", "dialogue"];
        string[] settings = ["hospital", "newsroom", "farm", "courtroom", "lab", "school", "ship", "startup"];
        return [.. PlantedCorpus.Stream(count, maxEdits: 12, seed: 3).Select((doc, i) =>
        {
            var principle = random.Next(40);
            return new TextSampleRow
            {
                Id = doc.Id,
                Kind = "stories",
                PrincipleId = $"p{principle:D2}",
                PrincipleTitle = $"Principle {principle}",
                PromptId = $"stories/draft@{random.Next(3)}",
                Provider = "openai",
                Model = "gpt-4o-mini",
                Simulated = false,
                Axes = [new KeyValueRow { Key = "framing", Value = framings[random.Next(framings.Length)] }, new KeyValueRow { Key = "setting", Value = settings[random.Next(settings.Length)] }],
                SeedIndex = i,
                SamplingSeed = random.Next(),
                Temperature = 0.9,
                JudgeModel = "gpt-4o-mini",
                ConstitutionSha256 = "4f9c2b7e0d1a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c",
                InputTokens = 900 + random.Next(400),
                OutputTokens = 300 + random.Next(200),
                Calls = 2,
                FinishReason = "stop",
                RunId = "20261201T000000Z-0001",
                CreatedAt = created.AddMilliseconds(i * 37),
                StepPromptIds = [new KeyValueRow { Key = "draft", Value = "stories/draft@1" }, new KeyValueRow { Key = "judge", Value = "judge/stories@1" }],
                StepModels = [new KeyValueRow { Key = "draft", Value = "gpt-4o-mini" }],
                Framing = framings[random.Next(framings.Length)],
                NearDupCluster = doc.Id,
                JudgeExplainsWhy = 3 + random.Next(3),
                JudgeConsistent = 3 + random.Next(3),
                JudgeRealistic = 3 + random.Next(3),
                JudgeNotPreachy = 3 + random.Next(3),
                JudgeNoEvalLeakage = 5,
                JudgeMean = 3.5 + (random.Next(15) / 10.0),
                JudgeRationale = "Shows the trade-off and what it would cost.",
                RubricHash = "a1b2c3d4",
                Text = doc.Text,
            };
        })];
    }
}
