using System.Reflection;
using System.Text.Json;
using DataGen.Concurrency;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Output;
using DataGen.Output.Rows;
using DataGen.Quality;
using DataGen.Quality.Decontamination;
using DataGen.Quality.Dedupe;
using DataGen.Seeds;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline;

/// <summary>
/// Runs the stages for each kind: seeds → generate (bounded concurrency, in seed order) → exact dedupe → Parquet
/// shards, with every drop written to <c>rejects/</c>, and finally <c>manifest.json</c>. Ctrl+C (cancellation)
/// keeps what is complete and writes the manifest as <c>cancelled</c>.
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

    /// <summary>Embedding model for semantic dedupe and decontamination; null uses the local MiniLM.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; init; }

    public PipelineRunner(IChatClient client, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _client = client;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<PipelineRunner>();
        _time = time;
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
        var identity = new RunIdentity(runId, options.Provider.Name, options.Provider.Model, options.Provider.IsSimulated);
        var started = _time.GetUtcNow();
        var metadata = new Dictionary<string, string>
        {
            ["datagen.run_id"] = runId,
            ["datagen.simulated"] = identity.Simulated ? "true" : "false",
            ["datagen.constitution_sha256"] = run.Constitution.Sha256,
        };

        var rejects = new ParquetShardWriter<RejectRow>(output, RejectsFolder, options.Output.RowsPerShard, options.Output.Compression, metadata);
        var kinds = new Dictionary<string, ManifestKind>(StringComparer.Ordinal);
        var shards = new List<ShardInfo>();
        var status = "completed";
        string? error = null;
        var simulatedReplies = false;
        var caller = new ModelCaller(_client, options.Provider.Model, options.Provider.Temperature, _loggerFactory.CreateLogger<ModelCaller>());

        _logger.LogInformation("Run {RunId} started: provider {Provider}, model {Model}, output {Output}", runId, identity.Provider, identity.Model, output);
        foreach (var (recipe, _) in run.Recipes)
        {
            var kind = recipe.Kind;
            var writer = kind == DataKind.AdviceChats
                ? (IRowSink)new RowSink<ChatSampleRow>(new ParquetShardWriter<ChatSampleRow>(output, kind.Name(), options.Output.RowsPerShard, options.Output.Compression, metadata), s => RowMapper.Chat(s, runId))
                : new RowSink<TextSampleRow>(new ParquetShardWriter<TextSampleRow>(output, kind.Name(), options.Output.RowsPerShard, options.Output.Compression, metadata), s => RowMapper.Text(s, runId));
            var generate = new StageCounters("generate");
            var dedupe = new ExactDedupeStage(_time);
            var tokens = new TokenTally();
            var quality = QualityPipeline.Create(kind, options, run.Constitution, run.Prompts, run.EvalItems, _client, () => Embeddings ?? QualityPipeline.LocalEmbeddings(), _time, _loggerFactory);
            var exactN = new ExactNTally(options.Quality.ExactN, run.Counts[kind]);
            if (status == "completed")
            {
                try
                {
                    await RunKindAsync(run, recipe, caller, identity, writer, rejects, generate, dedupe, tokens, quality, exactN, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    status = "cancelled";
                    _logger.LogWarning("Run {RunId} cancelled during {Kind}; keeping completed rows", runId, kind.Name());
                }
                catch (Exception ex)
                {
                    // Why catch everything: the manifest must record a failed run before the error reaches the CLI.
                    status = "failed";
                    error = ex.Message;
                    _logger.LogError(ex, "Run {RunId} failed during {Kind}", runId, kind.Name());
                }
            }

            simulatedReplies |= tokens.SawSimulated;
            var written = await writer.CompleteAsync(CancellationToken.None);
            shards.AddRange(written);
            if (quality.Judge is { } judge)
            {
                tokens.Add(judge.Usage, (int)judge.Calls);
            }

            var stages = new List<ManifestStage>();
            if (quality.SeedGate is { } seedGate)
            {
                stages.Add(ToStage(seedGate.Counters));
            }

            stages.Add(ToStage(generate));
            stages.AddRange(quality.CountersBeforeExactDedupe.Select(ToStage));
            if (options.Dedupe.Exact)
            {
                stages.Add(ToStage(dedupe.Counters));
            }

            stages.AddRange(quality.CountersAfterExactDedupe.Select(ToStage));
            if (options.Quality.ExactN.Enabled)
            {
                stages.Add(ToStage(exactN.Counters));
            }

            kinds[kind.Name()] = new ManifestKind
            {
                Requested = run.Counts[kind],
                Rows = written.Sum(s => s.Rows),
                Stages = stages,
                Tokens = tokens.ToManifest(),
                Diversity = quality.Diversity.ToManifest(),
                ExactN = options.Quality.ExactN.Enabled ? exactN.ToManifest() : null,
            };
        }

        var rejectShards = await rejects.CompleteAsync(CancellationToken.None);
        var manifest = new RunManifest
        {
            Version = Version,
            RunId = runId,
            Name = options.Run.Name,
            Status = status,
            Simulated = identity.Simulated || simulatedReplies,
            StartedAt = started,
            FinishedAt = _time.GetUtcNow(),
            Error = error,
            Provider = new ManifestProvider(identity.Provider, identity.Model, EndpointWithoutCredentials(options.Provider.Endpoint)),
            Constitution = new ManifestConstitution(run.Constitution.SourcePath, run.Constitution.Title, run.Constitution.Sha256, run.Constitution.Principles.Count),
            Prompts = [.. run.Recipes.SelectMany(r => r.Recipe.Steps.Select((step, i) => new ManifestPrompt(r.Recipe.Kind.Name(), step.Name, r.Templates[i].Name, r.Templates[i].Id)))],
            Kinds = kinds,
            Tokens = new ManifestTokens(kinds.Values.Sum(k => k.Tokens.Input), kinds.Values.Sum(k => k.Tokens.Output), kinds.Values.Sum(k => k.Tokens.Calls)),
            Shards = shards,
            Rejects = rejectShards,
            Config = JsonSerializer.SerializeToNode(options with { Provider = options.Provider with { Endpoint = null } }, PipelineConfigLoader.JsonOptions)!,
        };
        manifest.Config["provider"]!["endpoint"] = manifest.Provider.Endpoint;
        await ManifestWriter.WriteAsync(Path.Combine(output, ManifestFile), manifest, CancellationToken.None);
        _logger.LogInformation("Run {RunId} {Status}: {Rows} rows, {Rejected} rejected, {Calls} model calls, {InputTokens} input and {OutputTokens} output tokens",
            runId, status, shards.Sum(s => s.Rows), rejectShards.Sum(s => s.Rows), manifest.Tokens.Calls, manifest.Tokens.Input, manifest.Tokens.Output);
        return manifest;
    }

    private async Task RunKindAsync(
        PreparedRun run, Recipe recipe, ModelCaller caller, RunIdentity identity, IRowSink writer, ParquetShardWriter<RejectRow> rejects,
        StageCounters generate, ExactDedupeStage dedupe, TokenTally tokens, QualityPipeline quality, ExactNTally exactN, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var kind = recipe.Kind;
        var runner = new RecipeRunner(recipe, run.Prompts, caller, identity, _time, _loggerFactory.CreateLogger<RecipeRunner>());

        // Exact-N: rounds of seeds continue the seed index past the requested count until N rows are kept or the
        // candidate budget is spent; without it there is one round of the requested count.
        for (var batch = exactN.NextBatch(); batch > 0; batch = exactN.NextBatch())
        {
            var first = exactN.Candidates;
            exactN.Planned(batch);
            _logger.LogInformation("Generating {Count} {Kind} (seeds {First} to {Last}) with {Concurrency} calls in flight",
                batch, kind.Name(), first, first + batch - 1, options.Provider.Concurrency);
            var seeds = GateSeeds(SeedPlanner.Plan(kind, options.Generation.Options(kind), run.Constitution, options.Run.Seed, first + batch).Skip(first).ToAsyncEnumerable(), quality.SeedGate, cancellationToken);
            var stream = seeds.SelectConcurrentAsync(options.Provider.Concurrency, (seed, ct) => seed.Rejection is { } r ? Task.FromResult(GenerationOutcome.Of(r)) : GenerateOneAsync(runner, seed.Seed!, ct), cancellationToken);
            stream = CountGenerated(stream, generate, tokens, cancellationToken);
            stream = quality.BeforeExactDedupe(stream, cancellationToken);
            if (options.Dedupe.Exact)
            {
                stream = dedupe.ProcessAsync(stream, cancellationToken);
            }

            stream = quality.AfterExactDedupe(stream, cancellationToken);
            stream = exactN.Cap(stream, _time, cancellationToken);

            await foreach (var outcome in stream.WithCancellation(cancellationToken))
            {
                if (outcome.Sample is { } sample)
                {
                    if (sample.Simulated && !identity.Simulated)
                    {
                        tokens.MarkSimulated();
                    }

                    quality.Diversity.Add(sample);
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

    private static async IAsyncEnumerable<(Seed? Seed, Rejection? Rejection)> GateSeeds(
        IAsyncEnumerable<Seed> seeds, SeedDecontaminationGate? gate, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var seed in seeds.WithCancellation(cancellationToken))
        {
            yield return gate is null ? (seed, null) : await gate.CheckAsync(seed, cancellationToken);
        }
    }

    private async Task<GenerationOutcome> GenerateOneAsync(RecipeRunner runner, Seed seed, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.GenerateAsync(seed, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Why catch everything: one sample failing (after the resilience pipeline gave up) must not stop the run;
            // it is logged with its id, counted as reason "error" and written to rejects.
            _logger.LogWarning(ex, "Sample {SampleId} of {Kind} failed: {Reason}", seed.Id, seed.Kind.Name(), ex.Message);
            return GenerationOutcome.Of(new Rejection
            {
                Seed = seed,
                Stage = "generate",
                Reason = "error",
                Detail = ex.Message,
                CreatedAt = _time.GetUtcNow(),
            });
        }
    }

    private static async IAsyncEnumerable<GenerationOutcome> CountGenerated(
        IAsyncEnumerable<GenerationOutcome> input, StageCounters counters, TokenTally tokens,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var outcome in input.WithCancellation(cancellationToken))
        {
            if (outcome.Sample is { } sample)
            {
                counters.CountKept();
                tokens.Add(sample.Usage, sample.Calls);
            }
            else if (outcome.Rejection!.Stage == "generate")
            {
                counters.CountDropped(outcome.Rejection.Reason);
                tokens.Add(outcome.Rejection.Usage, 0);
            }

            yield return outcome;
        }
    }

    private static ManifestStage ToStage(StageCounters counters) => new(counters.Stage, counters.Seen, counters.Kept, counters.Dropped);

    /// <summary>The endpoint as text with any user name or password removed.</summary>
    public static string? EndpointWithoutCredentials(Uri? endpoint) =>
        endpoint is null ? null : new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
}
