using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataGen.Configuration;
using DataGen.Quality.Dedupe;
using Spectre.Console;

namespace DataGen.Cli.Commands;

/// <summary>
/// <c>datagen dedupe INPUT...</c>: exact and near-duplicate dedupe of any JSONL or Parquet corpus with the run's code
/// and thresholds (<c>quality.nearDuplicates</c> of <c>--config</c> when the file exists, the defaults otherwise).
/// Writes <c>kept.jsonl</c> and <c>dropped.jsonl</c> to <c>--out</c> only once every input has been read.
/// </summary>
internal static class DedupeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<FileInfo[]>("INPUT") { Description = "JSONL (UTF-8, one object per line) or .parquet files, read in the order given.", Arity = ArgumentArity.OneOrMore };
        var textField = new Option<string>("--text-field") { Description = "Field (JSONL) or column (Parquet) holding the text.", DefaultValueFactory = _ => "text" };
        var idField = new Option<string>("--id-field") { Description = "Field or column holding a unique id (a JSON number is read as its digits).", DefaultValueFactory = _ => "id" };
        var output = new Option<string>("--out", "-o") { Description = "Folder for kept.jsonl and dropped.jsonl.", DefaultValueFactory = _ => "dedupe" };
        var against = new Option<string[]>("--against") { Description = "Earlier runs to dedupe against: run folders or Parquet globs. Their rows are indexed first and never written; a document repeating one drops with keeper RUN/ROW-ID.", AllowMultipleArgumentsPerToken = true };
        var config = CommonOptions.Config();
        var command = new Command("dedupe", "Exact and near-duplicate dedupe of JSONL or Parquet files with the same code and thresholds as a run: the first document of each cluster (in input order) keeps. Writes OUT/kept.jsonl ({\"id\"}) and OUT/dropped.jsonl ({\"id\", \"keeper\", \"jaccard\", \"reason\"}); prints documents per wall-second and per CPU-second, peak memory and counts.")
        {
            inputs, textField, idField, output, against, config,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = LoadOptions(parse.GetValue(config)!, parse.GetResult(config) is { Implicit: false });
                var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
                var paths = parse.GetValue(inputs)!.Select(f => f.FullName).ToArray();
                var earlier = EarlierRuns.Resolve([.. (parse.GetValue(against) ?? []).Select(Path.GetFullPath)], parse.GetValue(output)!, "--against");
                var summary = await DeduplicateAsync(paths, parse.GetValue(textField)!, parse.GetValue(idField)!, parse.GetValue(output)!, options, terminal ? stderr : null, earlier, cancellationToken);
                await stdout.WriteLineAsync(summary);
                return DataGenCli.Success;
            }
            catch (Exception ex) when (ex is ConfigException or InvalidDataException)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return DataGenCli.UserError;
            }
        });
        return command;
    }

    private static NearDuplicateOptions LoadOptions(FileInfo config, bool named) =>
        config.Exists || named ? PipelineConfigLoader.Load(config.FullName).Quality.NearDuplicates : new NearDuplicateOptions();

    private static async Task<string> DeduplicateAsync(
        string[] paths, string textField, string idField, string output, NearDuplicateOptions options, TextWriter? progressTo, EarlierRuns? earlier, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(output);
        var keptPath = Path.Combine(output, "kept.jsonl");
        var droppedPath = Path.Combine(output, "dropped.jsonl");
        var keptPart = keptPath + ".part";
        var droppedPart = droppedPath + ".part";
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var deduplicator = new CorpusDeduplicator(options);
        var earlierRows = earlier is null ? 0 : await deduplicator.LoadEarlierAsync(earlier.ReadAsync(null, cancellationToken), cancellationToken);
        long documents = 0, exact = 0, near = 0;
        try
        {
            await using (var kept = new StreamWriter(keptPart, false, new UTF8Encoding(false)))
            await using (var dropped = new StreamWriter(droppedPart, false, new UTF8Encoding(false)))
            {
                var total = progressTo is null ? 0 : await CountAsync(paths, cancellationToken);
                var decisions = deduplicator.DeduplicateAsync(new CorpusReader(textField, idField).ReadAsync(paths, cancellationToken), cancellationToken);
                async Task ConsumeAsync(Action<long>? report)
                {
                    await foreach (var decision in decisions)
                    {
                        documents++;
                        if (decision.Kept)
                        {
                            await kept.WriteLineAsync(JsonSerializer.Serialize(new { id = decision.Id }));
                        }
                        else
                        {
                            exact += decision.Reason == "duplicate" ? 1 : 0;
                            near += decision.Reason == "near_duplicate" ? 1 : 0;
                            await dropped.WriteLineAsync(JsonSerializer.Serialize(new { id = decision.Id, keeper = decision.KeeperId, jaccard = Math.Round(decision.Jaccard, 4), reason = decision.Reason }));
                        }

                        report?.Invoke(documents);
                    }
                }

                if (progressTo is null)
                {
                    await ConsumeAsync(null);
                }
                else
                {
                    var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(progressTo) });
                    await console.Progress()
                        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                        .StartAsync(async context =>
                        {
                            var task = context.AddTask("dedupe", maxValue: Math.Max(1, total));
                            await ConsumeAsync(done => task.Value = done);
                        });
                }
            }

            File.Move(keptPart, keptPath, overwrite: true);
            File.Move(droppedPart, droppedPath, overwrite: true);
        }
        finally
        {
            // A bad input or a cancellation leaves nothing half written: the .part files go, finished files stay.
            File.Delete(keptPart);
            File.Delete(droppedPart);
        }

        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var culture = CultureInfo.InvariantCulture;
        var lsh = deduplicator.Parameters is { } p ? string.Create(culture, $"near-duplicates at Jaccard >= {options.Threshold} ({options.ShingleWords}-word shingles, {p.Bands} bands x {p.Rows} rows)") : "near-duplicates off";
        return string.Join(
            Environment.NewLine,
            string.Create(culture, $"dedupe: {documents} documents from {paths.Length} file(s); {lsh}"),
            earlier is null ? "against no earlier run" : string.Create(culture, $"against {earlierRows} earlier rows from {earlier.Shards.Count} shard(s) of {earlier.Shards.Select(s => s.Run).Distinct(StringComparer.Ordinal).Count()} run(s)"),
            string.Create(culture, $"kept {documents - exact - near}, dropped {exact} exact and {near} near-duplicates"),
            string.Create(culture, $"{clock.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} CPU-s: {documents / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):0} documents per wall-second, {documents / Math.Max(cpu.TotalSeconds, 1e-9):0} per CPU-second; peak memory {process.PeakWorkingSet64 / 1048576.0:0} MiB"),
            $"wrote {Path.GetFullPath(keptPath)} and {Path.GetFullPath(droppedPath)}");
    }

    // Only for the progress bar's total: lines of JSONL, rows of Parquet from the footer.
    private static async Task<long> CountAsync(string[] paths, CancellationToken cancellationToken)
    {
        var total = 0L;
        foreach (var path in paths.Where(File.Exists))
        {
            if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    await using var stream = File.OpenRead(path);
                    await using var reader = await Parquet.ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
                    total += reader.Metadata?.NumRows ?? 0;
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
                {
                    // The read proper reports the file; the bar only loses its total.
                }
            }
            else
            {
                total += File.ReadLines(path).LongCount(l => !string.IsNullOrWhiteSpace(l));
            }
        }

        return total;
    }
}
