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
        var keep = new Option<DirectoryInfo?>("--keep") { Description = "Write the files into this folder and keep them (default: a temporary folder, removed at the end)." };
        var command = new Command("parquet", "Write the same story rows with DataGen's Parquet writer and with DuckDB's COPY (same compression and row-group size) and read them back with each; prints seconds and bytes, row groups and footers, and the columns that differ most.")
        {
            rows, rowGroup, compression, repeat, keep,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(rows);
            var group = parse.GetValue(rowGroup);
            var codec = parse.GetValue(compression)!;
            var kept = parse.GetValue(keep);
            var root = kept?.FullName ?? Path.Combine(Path.GetTempPath(), "datagen-bench-parquet", Guid.NewGuid().ToString("N"));
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

                // Reading back, as report, review and export do: every row of the first DataGen write into .NET values.
                for (var i = 0; i < Math.Max(1, parse.GetValue(repeat)); i++)
                {
                    var (readSeconds, readRows) = await ReadDataGenAsync(Path.Combine(first, "stories"), cancellationToken);
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  read, datagen: {readSeconds:0.000} s, {readRows} rows"));
                    var (duckReadSeconds, duckReadRows) = ReadWithDuckDb(Path.Combine(first, "stories", "*.parquet"));
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  read, duckdb: {duckReadSeconds:0.000} s, {duckReadRows} rows"));
                }

                foreach (var line in RowGroups(Path.Combine(first, "stories", "*.parquet"), Path.Combine(root, "duckdb-0.parquet")))
                {
                    await stdout.WriteLineAsync(line);
                }

                foreach (var line in Columns(Path.Combine(first, "stories", "*.parquet"), Path.Combine(root, "duckdb-0.parquet")))
                {
                    await stdout.WriteLineAsync(line);
                }

                return DataGenCli.Success;
            }
            finally
            {
                if (kept is null && Directory.Exists(root))
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

    // Every shard through ParquetRows, the reader report, review and export use.
    private static async Task<(double Seconds, long Rows)> ReadDataGenAsync(string folder, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long count = 0;
        foreach (var shard in DataGen.Output.Reading.ParquetRows.ShardsIn(folder))
        {
            count += (await DataGen.Output.Reading.ParquetRows.ReadAsync(shard, cancellationToken)).Count;
        }

        clock.Stop();
        return (clock.Elapsed.TotalSeconds, count);
    }

    // The same shards through DuckDB, every value of every row fetched into a .NET object, as ParquetRows hands them over.
    private static (double Seconds, long Rows) ReadWithDuckDb(string files)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT * FROM read_parquet('{files}')";
        using var reader = query.ExecuteReader();
        var values = new object[reader.FieldCount];
        long count = 0;
        while (reader.Read())
        {
            reader.GetValues(values);
            count++;
        }

        clock.Stop();
        return (clock.Elapsed.TotalSeconds, count);
    }

    // Row groups as each writer laid them out: DuckDB fills a group to its 2,048-row vector size whatever smaller
    // ROW_GROUP_SIZE it is given, so a comparison at 1,000 rows is not at the same group size.
    private static IEnumerable<string> RowGroups(string dataGenFiles, string duckDbFile)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"""
            SELECT w, count(n)::BIGINT, min(n)::BIGINT, max(n)::BIGINT, sum(f)::BIGINT FROM (
              SELECT 'datagen' AS w, row_group_id, file_name, any_value(row_group_num_rows) AS n, 0 AS f FROM parquet_metadata('{dataGenFiles}') GROUP BY ALL
              UNION ALL SELECT 'duckdb', row_group_id, file_name, any_value(row_group_num_rows), 0 FROM parquet_metadata('{duckDbFile}') GROUP BY ALL
              UNION ALL SELECT 'datagen', NULL, file_name, NULL, footer_size FROM parquet_file_metadata('{dataGenFiles}')
              UNION ALL SELECT 'duckdb', NULL, file_name, NULL, footer_size FROM parquet_file_metadata('{duckDbFile}'))
            WHERE n IS NOT NULL OR f > 0 GROUP BY w ORDER BY w
            """;
        using var reader = query.ExecuteReader();
        yield return "  row groups: count, rows per group (min-max), footer bytes (all files)";
        var counts = new List<long>();
        while (reader.Read())
        {
            counts.Add(reader.GetInt64(1));
            yield return string.Create(CultureInfo.InvariantCulture, $"    {reader.GetString(0)}: {reader.GetInt64(1)}, {reader.GetInt64(2)}-{reader.GetInt64(3)}, {reader.GetInt64(4)}");
        }

        if (counts.Distinct().Count() > 1)
        {
            yield return "    (the row groups differ: DuckDB fills a group to at least its 2,048-row vector size; --row-group 2048 compares at the same size)";
        }
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
