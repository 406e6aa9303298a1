using System.CommandLine;
using System.Globalization;
using DataGen.Configuration;
using DataGen.Output;
using DataGen.Pipeline;
using DataGen.Planning;
using DataGen.Providers;
using Microsoft.Extensions.Logging;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen run</c>: the main job, from constitution to Parquet shards, rejects and a manifest.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CommonOptions.Config();
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (receives documents/, stories/, advice_chats/, rejects/, manifest.json, logs/). Overrides output.directory." };
        var limit = new Option<int?>("--limit")
        {
            Description = "Cap on samples per kind (before filtering).",
            CustomParser = result => CommonOptions.ParseCount(result, "--limit", 0, CommonOptions.MaxCount),
        };
        var provider = CommonOptions.Provider();
        var model = CommonOptions.Model();
        var endpoint = CommonOptions.Endpoint();
        var verbose = CommonOptions.Verbose();
        var dryRun = new Option<bool>("--dry-run") { Description = "Estimate calls, tokens and cost from the config (prices table) without calling a model; writes nothing." };
        var progressSeconds = new Option<int>("--progress-seconds")
        {
            Description = "Seconds between progress log lines when stderr is not a terminal.",
            DefaultValueFactory = _ => 10,
        };
        var stage = new Option<string?>("--stage") { Description = "Run one task of a sharded run: plan, generate, dedupe, judge or finalize (with --shard). Working files go to OUT/_work/." };
        stage.AcceptOnlyFromAmong([.. DataGen.Scale.StageNames.All]);
        var shard = new Option<string?>("--shard") { Description = "Which task of --stage: a number, or 'auto' to read SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or BATCH_TASK_INDEX." };
        var shards = new Option<int?>("--shards") { Description = "Shard count S, fixed in _work/run.json by the plan stage (default 1). Without --stage: run every stage and shard of a sharded run in this process." };
        var workers = new Option<int?>("--workers") { Description = "This task is one of W concurrent workers: it takes 1/W of provider.concurrency and provider.requestsPerMinute." };
        var batch = new Option<bool>("--batch") { Description = "Send every provider's calls through its batch API (provider.batch.enabled for provider and each block of providers; openai and anthropic): about half the price, hours not seconds. Batch ids are kept in OUT/batches.jsonl, so a rerun resumes the same batches." };
        var allowLargePlan = new Option<bool>("--allow-large-plan") { Description = "Run even when the plan makes far more model calls than --limit implies (steps that run once per constitution section ignore --limit)." };
        var newRun = new Option<bool>("--new-run") { Description = "With --stage plan: discard the folder's working files (_work/) from another config and start a new run." };
        var command = new Command("run", "Generate documents, stories and advice chats from the constitution and write Parquet shards, rejected rows and a manifest. A rerun on the same output resumes: answered calls are replayed from the response store, not paid again.")
        {
            config, output, limit, provider, model, endpoint, verbose, dryRun, progressSeconds, stage, shard, shards, workers, newRun, batch, allowLargePlan,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new ConfigOverrides(parse.GetValue(provider), parse.GetValue(model), parse.GetValue(endpoint), parse.GetValue(output));
            var settings = new RunSettings(parse.GetValue(limit), parse.GetValue(verbose), parse.GetValue(dryRun), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(progressSeconds))), parse.GetValue(batch), parse.GetValue(allowLargePlan));
            if (parse.GetValue(stage) is null && parse.GetValue(shards) is { } allShards)
            {
                // Every stage and shard in this process, in order: the sharded layout without a scheduler.
                foreach (var name in DataGen.Scale.StageNames.All)
                {
                    for (var index = 0; index < DataGen.Scale.StageNames.Tasks(name, allShards); index++)
                    {
                        var one = new StageTask(name, index.ToString(CultureInfo.InvariantCulture), allShards, 1, false);
                        if (await one.ExecuteAsync(parse.GetValue(config)!, overrides, settings.Limit, settings.Verbose, stdout, stderr, cancellationToken) is var code && code != DataGenCli.Success)
                        {
                            return code;
                        }
                    }
                }

                return DataGenCli.Success;
            }

            if (parse.GetValue(stage) is { } stageName)
            {
                var task = new StageTask(stageName, parse.GetValue(shard), parse.GetValue(shards), parse.GetValue(workers), parse.GetValue(newRun));
                return await task.ExecuteAsync(parse.GetValue(config)!, overrides, settings.Limit, settings.Verbose, stdout, stderr, cancellationToken);
            }

            return await ExecuteAsync(parse.GetValue(config)!, overrides, settings, stdout, stderr, cancellationToken);
        });
        return command;
    }

    private sealed record RunSettings(int? Limit, bool Verbose, bool DryRun, TimeSpan ProgressInterval, bool Batch = false, bool AllowLargePlan = false);

    /// <summary>The options with batch mode on for <c>provider</c> and every block of <c>providers</c> (<c>--batch</c>).</summary>
    private static PipelineOptions WithBatch(PipelineOptions options) => options with
    {
        Provider = options.Provider with { Batch = options.Provider.Batch with { Enabled = true } },
        Providers = options.Providers.ToDictionary(p => p.Key, p => p.Value with { Batch = p.Value.Batch with { Enabled = true } }, StringComparer.Ordinal),
    };

    /// <summary>Calls per requested sample above which a plan under <c>--limit</c> is refused without <c>--allow-large-plan</c>.</summary>
    internal const int MaxCallsPerLimitedSample = 50;

    /// <summary>Plans below this many calls are never refused.</summary>
    internal const int LargePlanFloor = 1000;

    private static async Task<int> ExecuteAsync(FileInfo configFile, ConfigOverrides overrides, RunSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (limit, verbose) = (settings.Limit, settings.Verbose);
        PreparedRun prepared;
        Microsoft.Extensions.AI.IChatClient client;
        var (bootstrapFactory, bootstrap) = Logging.Create(stderr, verbose, null);
        try
        {
            var options = overrides.Load(configFile);
            if (settings.Batch)
            {
                options = WithBatch(options);
            }

            prepared = PreparedRun.Prepare(options, limit);
            if (settings.DryRun)
            {
                await PrintEstimateAsync(stdout, prepared);
                return DataGenCli.Success;
            }

            if (limit is not null && !settings.AllowLargePlan)
            {
                // Steps that run once per constitution section (the advice plan) ignore --limit: a huge constitution
                // under --limit 2 would make thousands of calls. Refuse before anything is paid.
                var calls = DryRunEstimate.For(prepared).Calls;
                var samples = prepared.Counts.Values.Sum(c => (long)c);
                if (calls > Math.Max(LargePlanFloor, MaxCallsPerLimitedSample * samples))
                {
                    await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"error: the plan makes about {calls} model calls for {samples} samples under --limit {limit} ({prepared.Constitution.Principles.Count} constitution sections; steps run once per section whatever --limit says); check with --dry-run, then pass --allow-large-plan to run it"));
                    return DataGenCli.UserError;
                }
            }

            client = HostProviders.Create(options, bootstrapFactory);
        }
        catch (ConfigException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.UserError;
        }
        catch (Exception ex)
        {
            // Why catch everything: any failure before the run starts is exit code 2 with one clear line, not a stack dump.
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.Failure;
        }
        finally
        {
            bootstrapFactory.Dispose();
            await bootstrap.DisposeAsync();
        }

        var runId = NewRunId();
        var outputDirectory = prepared.Options.Output.Directory;
        // One writer per output folder, held until the run ends; a lock left by a killed run is taken over.
        OutputFolderLock folderLock;
        try
        {
            folderLock = OutputFolderLock.Acquire(outputDirectory, TimeProvider.System);
        }
        catch (OutputFolderLockedException ex)
        {
            client.Dispose();
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.UserError;
        }
        catch (IOException ex)
        {
            client.Dispose();
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.Failure;
        }

        using var heldLock = folderLock;
        var redactor = SecretRedactor.FromEnvironment(prepared.Options);
        // On a terminal, log lines print above the live progress rows through one writer, so they never tear them.
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var live = terminal ? new LiveRegion(stderr) : null;
        var (factory, logger) = Logging.Create(stderr, verbose, Path.Combine(outputDirectory, "logs", $"datagen-{runId}.json"), redactor, live);
        var runStarted = DateTime.UtcNow;
        try
        {
            if (folderLock.TakenOver is { } stale)
            {
                factory.CreateLogger("DataGen.Run").LogWarning("Took over the output folder's lock left by {Holder}, which is no longer running", stale.Describe());
            }

            if (prepared.Options.Provider.IsSimulated)
            {
                await stderr.WriteLineAsync("SIMULATED RUN: replies come from the offline simulator, not a model. Every row and the manifest are marked simulated.");
            }

            await WarnUnpricedAsync(stderr, prepared.Options, factory.CreateLogger("DataGen.Costs"));
            using var runClient = HostProviders.Create(prepared.Options, factory);
            var progress = new RunProgress();
            using var reporting = new CancellationTokenSource();
            var reporter = new ProgressReporter(progress, prepared.Options.Progress, TimeProvider.System)
                .RunAsync(live, settings.ProgressInterval, factory.CreateLogger("DataGen.Progress"), reporting.Token);
            RunManifest manifest;
            try
            {
                manifest = await new PipelineRunner(runClient, factory, TimeProvider.System, progress) { HostMiddleware = HostProviders.Middleware }.RunAsync(prepared, runId, cancellationToken);
            }
            finally
            {
                await reporting.CancelAsync();
                await reporter;
            }

            await PrintSummaryAsync(stdout, manifest, outputDirectory);
            if (manifest.Error is { } reason && manifest.Status != "failed")
            {
                await stderr.WriteLineAsync($"stopped ({manifest.Status}): {redactor.Redact(reason)}");
            }

            return manifest.Status switch
            {
                "completed" => DataGenCli.Success,
                _ => DataGenCli.Failure,
            };
        }
        catch (ConfigException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.UserError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An environment fault (a store that is not a database, a full or read-only disk): its message names the
            // path; one line on the console, the stack trace only in the JSON log.
            logger.ForContext("SourceContext", "DataGen.Run").Write(Serilog.Events.LogEventLevel.Debug, ex, "Run {RunId} failed", runId);
            var removed = RemoveShardsWithoutManifest(outputDirectory, runStarted);
            await stderr.WriteLineAsync($"error: {redactor.Redact(ex.Message)}{(removed > 0 ? $"; removed the {removed} Parquet file(s) this run wrote, so none is left without its manifest: fix the cause and run again to resume (answered calls are in the store)" : string.Empty)}");
            return DataGenCli.Failure;
        }
        catch (Exception ex)
        {
            // Why catch everything: the CLI's contract is exit code 2 with one clear line for any unexpected failure.
            logger.Error(ex, "Run {RunId} failed", runId);
            await stderr.WriteLineAsync($"error: {redactor.Redact(ex.Message)}");
            return DataGenCli.Failure;
        }
        finally
        {
            client.Dispose();
            factory.Dispose();
            await logger.DisposeAsync();
        }
    }

    /// <summary>
    /// After an environment fault (a full disk) cut a run short before its manifest was written: removes the Parquet
    /// files this run wrote (modified since <paramref name="started"/>), so no shard is left that no manifest
    /// describes. Files of earlier runs it did not touch stay. Returns how many were removed.
    /// </summary>
    private static int RemoveShardsWithoutManifest(string output, DateTime started)
    {
        var manifest = Path.Combine(output, PipelineRunner.ManifestFile);
        if (File.Exists(manifest) && File.GetLastWriteTimeUtc(manifest) >= started)
        {
            return 0;
        }

        var removed = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(output, "*.parquet", SearchOption.AllDirectories))
            {
                if (!file.Contains(Path.DirectorySeparatorChar + DataGen.Scale.ScaleLayout.WorkFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && File.GetLastWriteTimeUtc(file) >= started)
                {
                    File.Delete(file);
                    removed++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error line already names the fault; a file that cannot be removed stays.
        }

        return removed;
    }

    private static async Task PrintSummaryAsync(TextWriter stdout, RunManifest manifest, string outputDirectory)
    {
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"run {manifest.RunId} {manifest.Status}{(manifest.Simulated ? " (SIMULATED)" : string.Empty)}: {outputDirectory}"));
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"kind",-14}{"requested",10}{"rows",8}{"drops",7}  dropped (stage:reason=count)"));
        foreach (var (kind, figures) in manifest.Kinds)
        {
            // Stage and reason both: the same reason (reserved_name) can come from the seed gate and from name hygiene.
            var dropped = figures.Stages.SelectMany(s => s.Dropped.Select(d => $"{s.Stage}:{d.Key}={d.Value}")).ToList();
            var drops = figures.Stages.Sum(s => s.Dropped.Values.Sum());
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{kind,-14}{figures.Requested,10}{figures.Rows,8}{drops,7}  {(dropped.Count == 0 ? "-" : string.Join(", ", dropped))}"));
        }

        var usage = manifest.Usage.Total;
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{usage.Calls} model calls paid ({usage.ReplayedCalls} replayed from the store), {manifest.Tokens.Input} input and {manifest.Tokens.Output} output tokens, cost {usage.Cost:0.####} (replayed worth {usage.ReplayedCost:0.####}); manifest: {Path.Combine(outputDirectory, PipelineRunner.ManifestFile)}"));
    }

    private static async Task PrintEstimateAsync(TextWriter stdout, PreparedRun prepared)
    {
        var estimate = DryRunEstimate.For(prepared);
        var provider = prepared.Options.Provider;
        await stdout.WriteLineAsync($"dry run: provider {provider.Name}, model {provider.Model}; no model is called");
        foreach (var (model, usedBy) in estimate.Unpriced)
        {
            await stdout.WriteLineAsync($"WARNING: model {model} (used by {usedBy}) has no price in prices: its calls are costed 0 here and in the run");
        }

        await stdout.WriteLineAsync($"{"kind/step",-30}{"provider/model",-28}{"calls",10}{"input tok",14}{"output tok",14}{"cost",12}");
        foreach (var line in estimate.Lines)
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{line.Kind + "/" + line.Step,-30}{line.Provider + "/" + line.Model,-28}{line.Calls,10}{line.InputTokens,14}{line.OutputTokens,14}{line.Cost,12:0.####}"));
        }

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{"total",-30}{string.Empty,-28}{estimate.Calls,10}{estimate.InputTokens,14}{estimate.OutputTokens,14}{estimate.Cost,12:0.####}"));
        await stdout.WriteLineAsync(VolumePlanner.Assumptions);
    }

    /// <summary>The loud warning for every model without a price: on stderr and in the log, before any call.</summary>
    private static async Task WarnUnpricedAsync(TextWriter stderr, PipelineOptions options, ILogger logger)
    {
        foreach (var (model, usedBy) in DataGen.Costs.CostCalculator.Unpriced(options))
        {
            await stderr.WriteLineAsync($"WARNING: model {model} (used by {usedBy}) has no price in prices: its calls are costed 0, so the manifest's cost leaves them out");
            logger.LogWarning("Model {Model} (used by {UsedBy}) has no price in prices: its calls are costed 0", model, usedBy);
        }
    }

    internal static string NewRunId() =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{Random.Shared.Next(0x10000):x4}");
}
