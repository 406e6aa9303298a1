using System.Reflection;
using System.Text.Json;
using DataGen.Concurrency;
using DataGen.Configuration;
using DataGen.Costs;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Providers.Resilience;
using DataGen.Quality;
using DataGen.Quality.Decontamination;
using DataGen.Pipeline.Stages;
using DataGen.Seeds;
using DataGen.Store;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline;

/// <summary>
/// Runs the stages for each kind: seeds → generate (bounded concurrency, in seed order) → exact dedupe → Parquet
/// shards, with every drop written to <c>rejects/</c>, and finally <c>manifest.json</c>. Every model call goes
/// through the response store (answered requests are replayed, never paid again) and the usage ledger. Ctrl+C
/// (cancellation) keeps what is complete and writes the manifest as <c>cancelled</c>; the <see cref="RunGuard"/>
/// stops early as <c>budget_exceeded</c>, <c>failure_rate</c> or <c>paused</c>. Rows are a pure function of the
/// inputs and the recorded responses: a rerun rewrites every shard in seed order, so nothing is duplicated.
/// </summary>
public sealed class PipelineRunner
{
    /// <summary>Folder of rejected rows under the output folder.</summary>
    public const string RejectsFolder = "rejects";

    /// <summary>Manifest file name under the output folder.</summary>
    public const string ManifestFile = "manifest.json";

    private readonly IChatClient _client;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RunProgress _progress;

    /// <summary>Embedding model for semantic dedupe and decontamination; null uses the local MiniLM.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; init; }

    /// <summary>Middleware the host puts around the run's whole client (<see cref="Providers.ChatClientComposition"/>).</summary>
    public Func<IChatClient, IChatClient>? HostMiddleware { get; init; }

    public PipelineRunner(IChatClient client, ILoggerFactory loggerFactory, TimeProvider time, RunProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _client = client;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<PipelineRunner>();
        _time = time;
        _progress = progress ?? new RunProgress();
    }

    /// <summary>Version stamped into manifests.</summary>
    public static string Version { get; } =
        typeof(PipelineRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public async Task<RunManifest> RunAsync(PreparedRun run, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = run.Options;
        var output = options.Output.Directory;
        Directory.CreateDirectory(output);
        var identity = RunIdentity.For(runId, options, run.Constitution.Sha256);
        var started = _time.GetUtcNow();
        var metadata = identity.ParquetMetadata();

        var rejects = new ParquetShardWriter<RejectRow>(output, RejectsFolder, options.Output.RowsPerShard, options.Output.Compression, metadata);
        var kinds = new Dictionary<string, ManifestKind>(StringComparer.Ordinal);
        var shards = new List<ShardInfo>();
        var status = "completed";
        string? error = null;
        var simulatedReplies = false;
        var ledger = new UsageLedger(new CostCalculator(options.Prices));
        var contentHash = new Scale.LogicalContentHash();
        _progress.Ledger = ledger;
        _progress.Endpoints = HungCallWatch.EndpointsOf(_client);
        using var guard = new RunGuard(options.Budget, cancellationToken);
        using var store = options.Store.Enabled ? ResponseStore.Open(options.Store.Path ?? Path.Combine(output, ResponseStore.DefaultFileName)) : null;
        var storeAtStart = store?.Count() ?? 0;
        var client = Providers.ChatClientComposition.ForRun(_client, options, store, ledger, guard, _time, HostMiddleware);
        var caller = new ModelCaller(client, options.Provider.Model, options.Provider.Temperature, _loggerFactory.CreateLogger<ModelCaller>());
        if (storeAtStart > 0)
        {
            _logger.LogInformation("Resuming: {Responses} recorded responses in {Store} are replayed, not paid again", storeAtStart, store!.Path);
        }

        _logger.LogInformation("Run {RunId} started: provider {Provider}, model {Model}, output {Output}", runId, identity.Provider, identity.Model, output);
        if (options.Quality.Decontamination.Enabled && run.EvalItems.Count == 0)
        {
            _logger.LogWarning("Decontamination found no eval items in {Folder}: only reserved names are checked", options.Quality.Decontamination.Folder);
        }
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind;
            var writer = recipe.WritesChats
                ? (IRowSink)new RowSink<ChatSampleRow>(new ParquetShardWriter<ChatSampleRow>(output, kind.Name(), options.Output.RowsPerShard, options.Output.Compression, metadata), s => Hashed(RowMapper.Chat(s, identity), contentHash))
                : new RowSink<TextSampleRow>(new ParquetShardWriter<TextSampleRow>(output, kind.Name(), options.Output.RowsPerShard, options.Output.Compression, metadata), s => Hashed(RowMapper.Text(s, identity), contentHash));
            var generate = new StageCounters(KindPipeline.GenerateStage);
            var nameHygiene = new StageCounters(RecipeRunner.NameHygieneStage);
            var simulatedRows = new SimulatedRows();
            // The judge calls through the same recording, metered client as generation: replayed on resume, priced, guarded.
            var pipeline = KindPipeline.Create(run, kind, client, Embeddings is { } embeddings ? () => embeddings : null, _time, _loggerFactory);
            if (status == "completed")
            {
                try
                {
                    await RunKindAsync(run, recipe, caller, identity, writer, rejects, generate, nameHygiene, simulatedRows, pipeline, guard, guard.Stopping);
                }
                catch (OperationCanceledException) when (guard.Stopping.IsCancellationRequested)
                {
                    status = guard.Status ?? "cancelled";
                    error = guard.Message;
                    if (error is null)
                    {
                        _logger.LogWarning("Run {RunId} cancelled during {Kind}; keeping completed rows and recorded calls", runId, kind.Name());
                    }
                    else
                    {
                        _logger.LogError("Run {RunId} stopped during {Kind} ({Status}): {Reason}", runId, kind.Name(), status, error);
                    }
                }
                catch (Exception ex)
                {
                    // Why catch everything: the manifest must record a failed run before the error reaches the CLI.
                    status = "failed";
                    error = ex.Message;
                    _logger.LogError(ex, "Run {RunId} failed during {Kind}", runId, kind.Name());
                }
            }

            simulatedReplies |= simulatedRows.Seen;
            var written = await writer.CompleteAsync(CancellationToken.None);
            shards.AddRange(written);
            var exactN = pipeline.ExactN;
            kinds[kind.Name()] = new ManifestKind
            {
                Requested = run.Counts[kind],
                Rows = written.Sum(s => s.Rows),
                Stages = RunManifestBuilder.Stages(pipeline, [.. pipeline.SeedCounters.Append(generate).Concat(recipe.Hygiene is null ? [] : [nameHygiene]).Concat(pipeline.Stages.Select(s => s.Counters)).Select(RunManifestBuilder.ToStage)]),
                Diversity = pipeline.Diversity.ToManifest(),
                ExactN = options.Quality.ExactN.Enabled ? exactN.ToManifest() : null,
            };
        }

        if (status == "completed" && guard.ErrorShareExceeded() is { } errorShare)
        {
            status = RunGuard.FailureRate;
            error = errorShare;
            _logger.LogError("Run {RunId} reached its end but {Reason}", runId, errorShare);
        }

        var rejectShards = await rejects.CompleteAsync(CancellationToken.None);
        var manifest = RunManifestBuilder.Build(
            run, identity, status, error, simulatedReplies, started, _time.GetUtcNow(), kinds, shards, rejectShards, ledger.ToManifest(), contentHash.Finish()) with
        {
            Endpoints = _client.GetService<ResilientChatClient>()?.Endpoints.Select(e => e.Stats()).ToList() ?? [],
            Store = store is null ? null : new ManifestStore(store.Path, store.Count()),
        };
        await ManifestWriter.WriteAsync(Path.Combine(output, ManifestFile), manifest, CancellationToken.None);
        await DatasetCardWriter.WriteAsync(output, manifest, CancellationToken.None);
        _logger.LogInformation("Run {RunId} {Status}: {Rows} rows, {Rejected} rejected, {Calls} model calls paid and {Replayed} replayed, {InputTokens} input and {OutputTokens} output tokens, cost {Cost}",
            runId, status, shards.Sum(s => s.Rows), rejectShards.Sum(s => s.Rows), manifest.Usage.Total.Calls, manifest.Usage.Total.ReplayedCalls, manifest.Tokens.Input, manifest.Tokens.Output, manifest.Usage.Total.Cost);
        return manifest;
    }

    private async Task RunKindAsync(
        PreparedRun run, Recipe recipe, ModelCaller caller, RunIdentity identity, IRowSink writer, ParquetShardWriter<RejectRow> rejects,
        StageCounters generate, StageCounters nameHygiene, SimulatedRows simulatedRows, KindPipeline pipeline, RunGuard guard, CancellationToken cancellationToken)
    {
        var exactN = pipeline.ExactN;
        var options = run.Options;
        var kind = recipe.Kind;
        var progress = _progress.Start(kind.Name(), run.Counts[kind], _time.GetTimestamp());
        progress.Generated = nameHygiene;
        progress.Stages = [.. pipeline.Stages.Select(s => s.Counters)];
        var runner = new RecipeRunner(recipe, run.Prompts, caller, identity, _time, _loggerFactory.CreateLogger<RecipeRunner>());
        var source = KindRecipes.SeedSource(recipe, runner.Templates, run.Context, caller, _loggerFactory.CreateLogger<ISeedSource>());

        // One seed plan for the whole kind: the requested count, or with exact-N the candidate budget, consumed in rounds.
        // Seeds that share a call are grouped after the gate, so a shared prompt never shows a seed the gate kept back.
        var planned = SeedGroups.AssembleAsync(
            GateSeeds(LabelPlanned(source.PlanAsync(exactN.Budget, cancellationToken), kind, pipeline.Diversity.Plan, cancellationToken), pipeline.SeedGate, cancellationToken),
            recipe.GroupSize, options.Run.Seed, cancellationToken);
        await using var pending = planned.GetAsyncEnumerator(cancellationToken);
        var exhausted = false;

        // Exact-N: rounds of seeds continue past the requested count until N rows are kept or the candidate budget is
        // spent; without it there is one round of the requested count.
        for (var batch = exactN.NextBatch(); batch > 0 && !exhausted; batch = exactN.NextBatch())
        {
            var first = exactN.Candidates;
            exactN.Planned(batch);
            _logger.LogInformation("Generating {Count} {Kind} (seeds {First} to {Last}) with {Concurrency} calls in flight",
                batch, kind.Name(), first, first + batch - 1, options.Provider.Concurrency);
            // Generate each round in seed order (plan index): rounds follow one another in that order too, so the first of a
            // duplicate cluster, and the first N rows of exact-N, are the ones a sharded run's reduce picks over all seeds.
            var seeds = InSeedOrder(Take(pending, batch, () => exhausted = true), cancellationToken);
            var stream = seeds.SelectConcurrentAsync(options.Provider.SamplesInProgress,
                (seed, ct) => seed.Rejection is { } r ? Task.FromResult(GenerationOutcome.Of(r)) : GenerateOneAsync(runner, seed.Seed!, guard, _logger, _time, ct), cancellationToken);
            stream = CountGenerated(stream, generate, nameHygiene, guard, progress, cancellationToken);
            stream = KindPipeline.Fold(pipeline.Stages, stream, cancellationToken);

            await foreach (var outcome in stream.WithCancellation(cancellationToken))
            {
                progress.CountCompleted();
                if (outcome.Sample is { } sample)
                {
                    if (sample.Simulated && !identity.Simulated)
                    {
                        simulatedRows.Mark();
                    }

                    pipeline.Diversity.Add(sample);
                    await writer.AddAsync(sample, cancellationToken);
                }
                else
                {
                    await rejects.AddAsync(RowMapper.Reject(outcome.Rejection!, identity), cancellationToken);
                }
            }
        }

        if (options.Quality.ExactN.Enabled)
        {
            var result = exactN.ToManifest();
            _logger.LogInformation("Exact-N for {Kind}: {Outcome}, {Kept} of {Target} rows kept from {Candidates} candidates (budget {Budget})",
                kind.Name(), result.Outcome, result.Kept, result.Target, result.Candidates, result.Budget);
        }
    }

    private static async IAsyncEnumerable<(Seed? Seed, Rejection? Rejection)> InSeedOrder(
        IAsyncEnumerable<(Seed? Seed, Rejection? Rejection)> seeds, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One round of seeds is small next to its samples (ids and axis values), so holding it to sort is cheap.
        var round = await seeds.ToListAsync(cancellationToken);
        foreach (var item in round.OrderBy(s => (s.Seed ?? s.Rejection!.Seed).Index))
        {
            yield return item;
        }
    }

    private static async IAsyncEnumerable<T> Take<T>(IAsyncEnumerator<T> source, int count, Action exhausted)
    {
        for (var i = 0; i < count; i++)
        {
            if (!await source.MoveNextAsync())
            {
                exhausted();
                yield break;
            }

            yield return source.Current;
        }
    }

    internal static async IAsyncEnumerable<(Seed? Seed, Rejection? Rejection)> GateSeeds(
        IAsyncEnumerable<Seed> seeds, SeedDecontaminationGate? gate, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var seed in seeds.WithCancellation(cancellationToken))
        {
            yield return gate is null ? (seed, null) : await gate.CheckAsync(seed, cancellationToken);
        }
    }

    /// <summary>Generates one seed's sample; a failure after the resilience pipeline gave up becomes a reject; shared by the sharded generate stage.</summary>
    internal static async Task<GenerationOutcome> GenerateOneAsync(RecipeRunner runner, Seed seed, RunGuard guard, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        CallScope.Enter("generate", seed.Kind.Name());
        try
        {
            return await runner.GenerateAsync(seed, cancellationToken);
        }
        catch (ProviderPausedException ex)
        {
            guard.Trip(RunGuard.Paused, ex.Message);
            throw new OperationCanceledException(ex.Message, ex, guard.Stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Why catch everything: one sample failing (after the resilience pipeline gave up) must not stop the run;
            // it is logged with its id, counted as reason "error" and written to rejects.
            logger.LogWarning(ex, "Sample {SampleId} of {Kind} failed: {Reason}", seed.Id, seed.Kind.Name(), ex.Message);
            return GenerationOutcome.Of(new Rejection
            {
                Seed = seed,
                Stage = "generate",
                Reason = "error",
                Detail = ex.Message,
                CreatedAt = time.GetUtcNow(),
            });
        }
    }

    /// <summary>
    /// Counts generation outcomes (stage counters, the failure-rate guard, progress when shown); shared by the
    /// sharded generate stage. A sample name hygiene dropped was generated (kept by <paramref name="counters"/>) and is
    /// dropped by <paramref name="nameHygiene"/>, so the funnel holds every drop: requested = rows + drops.
    /// </summary>
    internal static async IAsyncEnumerable<GenerationOutcome> CountGenerated(
        IAsyncEnumerable<GenerationOutcome> input, StageCounters counters, StageCounters nameHygiene, RunGuard guard, RunProgress.KindProgress? progress,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var outcome in input.WithCancellation(cancellationToken))
        {
            if (outcome.Rejection is { Stage: not "generate" and not RecipeRunner.NameHygieneStage })
            {
                // A seed the decontamination gate rejected: never generated, so not a generation outcome.
                yield return outcome;
                continue;
            }

            var failed = outcome.Rejection?.Reason is "error" or "unparseable";
            progress?.Count(failed);
            guard.RecordSample(failed, outcome.Rejection?.Reason == "error");
            if (outcome.Sample is { } sample)
            {
                counters.CountKept();
                nameHygiene.CountKept();
            }
            else if (outcome.Rejection!.Stage == RecipeRunner.NameHygieneStage)
            {
                counters.CountKept();
                nameHygiene.CountDropped(outcome.Rejection.Reason);
            }
            else
            {
                counters.CountDropped(outcome.Rejection!.Reason);
            }

            yield return outcome;
        }
    }

    /// <summary>Labels the seed source's list-making calls for the usage ledger and hands each planned seed on.</summary>
    private static async IAsyncEnumerable<Seed> LabelPlanned(
        IAsyncEnumerable<Seed> seeds, DataKind kind, Action<Seed> onPlanned, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The list-making calls run while the first seed is awaited.
        CallScope.Enter("plan", kind.Name());
        await foreach (var seed in seeds.WithCancellation(cancellationToken))
        {
            onPlanned(seed);
            yield return seed;
        }
    }

    private static TRow Hashed<TRow>(TRow row, Scale.LogicalContentHash hash)
        where TRow : SampleRow
    {
        hash.Add(row);
        return row;
    }

    /// <summary>The endpoint as text with any user name or password removed.</summary>
    public static string? EndpointWithoutCredentials(Uri? endpoint) =>
        endpoint is null ? null : new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
}
