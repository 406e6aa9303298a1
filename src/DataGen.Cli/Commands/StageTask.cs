using System.Globalization;
using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Providers;
using DataGen.Scale;

namespace DataGen.Cli.Commands;

/// <summary>
/// <c>datagen run --stage NAME --shard I</c>: one task of a sharded run. Exit 0 when the shard is committed (by this
/// attempt, an earlier one, or a racing duplicate that won); 1 for a user error (bad config, a folder of another run);
/// 2 for a failure (a retry may help); 3 when the upstream stage is incomplete.
/// </summary>
internal sealed record StageTask(string Stage, string? Shard, int? Shards, int? Workers, bool NewRun)
{
    /// <summary>Environment variables schedulers set to a task's index, in the order they are read.</summary>
    public static IReadOnlyList<string> IndexVariables { get; } = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "BATCH_TASK_INDEX"];

    public async Task<int> ExecuteAsync(FileInfo configFile, ConfigOverrides overrides, int? limit, bool verbose, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        PreparedRun prepared;
        int shard;
        try
        {
            shard = ResolveShard(Shard);
            prepared = PreparedRun.Prepare(overrides.Load(configFile), limit);
            prepared = prepared with { Options = Slice(prepared.Options, Workers) };
        }
        catch (ConfigException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.UserError;
        }

        var output = prepared.Options.Output.Directory;
        if (NewRun && Stage == StageNames.Plan && Directory.Exists(Path.Combine(output, ScaleLayout.WorkFolder)))
        {
            Directory.Delete(Path.Combine(output, ScaleLayout.WorkFolder), recursive: true);
        }

        var logFile = Path.Combine(output, ScaleLayout.WorkFolder, "logs", string.Create(CultureInfo.InvariantCulture, $"{Stage}-{shard:D5}-{Environment.ProcessId}.json"));
        var (factory, logger) = Logging.Create(stderr, verbose, logFile);
        try
        {
            using var client = HostProviders.Create(prepared.Options, factory);
            var runner = new ShardTaskRunner(prepared, output, client, factory, TimeProvider.System) { HostMiddleware = HostProviders.Middleware };
            using var launcher = LauncherWatch.Link(cancellationToken);
            var outcome = await runner.RunTaskAsync(Stage, shard, Shards, RunCommand.NewRunId(), launcher.Token);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Stage} shard {shard}: {outcome switch
            {
                TaskOutcome.Committed => "committed",
                TaskOutcome.AlreadyCommitted => "already committed, skipped",
                _ => "committed by another attempt first; this attempt's scratch was removed",
            }}"));
            return DataGenCli.Success;
        }
        catch (ConfigException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.UserError;
        }
        catch (StageNotReadyException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.NotReady;
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl+C (Slurm preemption, pod eviction): nothing is committed, answered calls stay in the store.
            await stderr.WriteLineAsync($"cancelled: {Stage} shard {shard} was not committed; a rerun resumes from its response store");
            return DataGenCli.Failure;
        }
        catch (Exception ex)
        {
            // Why catch everything: exit code 2 with one clear line lets the scheduler retry the shard.
            logger.Error(ex, "Stage {Stage} shard {Shard} failed", Stage, shard);
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.Failure;
        }
        finally
        {
            factory.Dispose();
            await logger.DisposeAsync();
        }
    }

    /// <summary>A number, or "auto": the first scheduler index variable that is set.</summary>
    public static int ResolveShard(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        if (text == "auto")
        {
            var found = IndexVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            text = found ?? throw new ConfigException($"--shard auto: none of {string.Join(", ", IndexVariables)} is set");
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            ? shard
            : throw new ConfigException($"--shard: '{text}' is not a task index or 'auto'");
    }

    /// <summary>One worker's slice of the concurrency and rate budget.</summary>
    public static PipelineOptions Slice(PipelineOptions options, int? workers)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (workers is not > 1)
        {
            return options;
        }

        return options with
        {
            Provider = options.Provider with
            {
                Concurrency = Math.Max(1, options.Provider.Concurrency / workers.Value),
                RequestsPerMinute = options.Provider.RequestsPerMinute is { } rpm ? Math.Max(1, rpm / workers.Value) : null,
            },
        };
    }
}
