using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataGen.Configuration;
using DataGen.Costs;
using DataGen.Generation;
using DataGen.Pipeline;
using DataGen.Pipeline.Stages;
using DataGen.Store;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Scale;

/// <summary>
/// Runs one task (one shard of one stage) of a sharded run and commits it exactly once. The task is skipped when its
/// commit exists, refuses to start while upstream commits are missing or when <c>run.json</c> was made from another
/// config, writes only into its own attempt folder, and publishes with <see cref="CommitPublisher"/>: a late duplicate
/// attempt removes its scratch and reports <see cref="TaskOutcome.LostRace"/>.
/// </summary>
public sealed class ShardTaskRunner
{
    private readonly ILogger _logger;

    public ShardTaskRunner(PreparedRun run, string output, IChatClient client, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Run = run;
        Layout = new ScaleLayout(output);
        Client = client;
        LoggerFactory = loggerFactory;
        Time = time;
        _logger = loggerFactory.CreateLogger<ShardTaskRunner>();
    }

    internal PreparedRun Run { get; }

    internal ScaleLayout Layout { get; }

    internal IChatClient Client { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal TimeProvider Time { get; }

    /// <summary>Embedding model for semantic dedupe and decontamination; null uses the local MiniLM.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; init; }

    /// <summary>Middleware the host puts around each task's whole client (<see cref="Providers.ChatClientComposition"/>).</summary>
    public Func<IChatClient, IChatClient>? HostMiddleware { get; init; }

    /// <summary>
    /// Hash of what decides the rows: the config without output folder, store path, throughput settings and budget
    /// caps (a run stopped by its budget resumes under a higher cap), plus the counts.
    /// </summary>
    public static string ConfigHash(PreparedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = run.Options;
        var material = options with
        {
            Output = options.Output with { Directory = string.Empty },
            Store = options.Store with { Path = null },
            Provider = options.Provider with { Endpoint = null, Concurrency = 0, RequestsPerMinute = null },
            Budget = new BudgetOptions(),
        };
        var json = JsonSerializer.Serialize(material, PipelineConfigLoader.JsonOptions)
            + string.Join(',', run.Counts.OrderBy(c => c.Key).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")));
        return Sha(json);
    }

    /// <summary>Reads <c>run.json</c>, or creates it (create-if-absent) when <paramref name="shards"/> is given for the plan stage.</summary>
    public RunDescriptor OpenRun(int? shards, string runId)
    {
        var wanted = new RunDescriptor
        {
            RunId = runId,
            Shards = shards ?? 1,
            ConfigSha256 = ConfigHash(Run),
            PromptsSha256 = Sha(string.Join('\n', Run.Recipes.SelectMany(r => r.Templates.Select(t => t.Id)))),
            ConstitutionSha256 = Run.Constitution.Sha256,
            EvalSetsSha256 = EvalSetsHash(Run),
            CreatedAt = Time.GetUtcNow(),
        };
        if (shards is not null && !File.Exists(Layout.RunFile))
        {
            CommitPublisher.TryCreate(Layout.RunFile, JsonSerializer.SerializeToUtf8Bytes(wanted, CommitPublisher.Json));
        }

        if (!File.Exists(Layout.RunFile))
        {
            throw new StageNotReadyException($"{Layout.RunFile} does not exist: run the plan stage first (datagen run --stage plan --shards S)");
        }

        var existing = JsonSerializer.Deserialize<RunDescriptor>(File.ReadAllBytes(Layout.RunFile), CommitPublisher.Json)!;
        var problems = new List<string>();
        Check("config", existing.ConfigSha256, wanted.ConfigSha256);
        Check("prompts", existing.PromptsSha256, wanted.PromptsSha256);
        Check("constitution", existing.ConstitutionSha256, wanted.ConstitutionSha256);
        Check("eval sets", existing.EvalSetsSha256, wanted.EvalSetsSha256);
        if (shards is not null && shards != existing.Shards)
        {
            problems.Add($"the run has {existing.Shards} shards, not {shards}");
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(Layout.RunFile, [.. problems.Select(p => $"{p}; this folder belongs to another run: use another --out, or --new-run to discard its working files")]);
        }

        return existing;

        void Check(string what, string had, string now)
        {
            if (had != now)
            {
                problems.Add($"{what} hash differs (run.json {had[..Math.Min(12, had.Length)]}, now {now[..Math.Min(12, now.Length)]})");
            }
        }
    }

    /// <summary>SHA-256 over the loaded eval items (id, source, text, in load order); the hash of nothing when decontamination is off.</summary>
    public static string EvalSetsHash(PreparedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Sha(string.Join('\n', run.EvalItems.Select(i => $"{i.Id}\t{i.Source}\t{i.Text.ReplaceLineEndings(" ")}")));
    }

    /// <summary>Shards of <paramref name="stage"/> that have no commit yet.</summary>
    public static IReadOnlyList<int> Missing(ScaleLayout layout, string stage, int shards)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return [.. Enumerable.Range(0, StageNames.Tasks(stage, shards)).Where(i => !File.Exists(layout.CommitFile(stage, i)))];
    }

    public async Task<TaskOutcome> RunTaskAsync(string stage, int shard, int? shards, string runId, CancellationToken cancellationToken)
    {
        if (!StageNames.IsKnown(stage))
        {
            throw new ConfigException($"unknown stage '{stage}': one of {string.Join(", ", StageNames.All)}");
        }

        var descriptor = OpenRun(stage == StageNames.Plan ? shards ?? 1 : null, runId);
        var tasks = StageNames.Tasks(stage, descriptor.Shards);
        if (shard < 0 || shard >= tasks)
        {
            throw new ConfigException($"--shard {shard} is out of range: stage {stage} has {tasks} task(s) (0..{tasks - 1})");
        }

        var commitFile = Layout.CommitFile(stage, shard);
        if (File.Exists(commitFile))
        {
            _logger.LogInformation("Stage {Stage} shard {Shard} is already committed; skipping", stage, shard);
            return TaskOutcome.AlreadyCommitted;
        }

        if (StageNames.Upstream(stage) is { } upstream && Missing(Layout, upstream, descriptor.Shards) is { Count: > 0 } missing)
        {
            throw new StageNotReadyException($"stage {stage} cannot start: stage {upstream} is missing shard(s) {string.Join(", ", missing)}");
        }

        var attemptName = ScaleLayout.NewAttemptName(stage, shard);
        var attempt = Layout.AttemptFolder(attemptName);
        Directory.CreateDirectory(attempt);
        var published = false;
        try
        {
            _logger.LogInformation("Stage {Stage} shard {Shard} of {Shards} started in {Attempt}", stage, shard, tasks, attemptName);
            var context = new ShardContext(this, descriptor, stage, shard, attempt, attemptName);
            var (usage, kinds) = await ShardStages.RunAsync(context, cancellationToken);
            var record = new CommitRecord
            {
                Stage = stage,
                Shard = shard,
                Attempt = attemptName,
                Host = Environment.MachineName,
                Pid = Environment.ProcessId,
                CommittedAt = Time.GetUtcNow(),
                Usage = usage,
                Kinds = kinds,
            };
            published = CommitPublisher.TryPublish(attempt, commitFile, record);
            if (!published)
            {
                _logger.LogWarning("Stage {Stage} shard {Shard} was committed by another attempt first; discarding {Attempt}", stage, shard, attemptName);
                return TaskOutcome.LostRace;
            }

            _logger.LogInformation("Stage {Stage} shard {Shard} committed", stage, shard);
            return TaskOutcome.Committed;
        }
        finally
        {
            if (!published)
            {
                TryDelete(attempt);
            }
        }
    }

    /// <summary>
    /// A task's model calls: its own ledger and response store, and a guard whose cost cap and failure rate count the
    /// run's other tasks too (<see cref="BudgetLeases"/>).
    /// </summary>
    internal TaskCalls OpenCalls(ShardContext context, CancellationToken cancellationToken)
    {
        var options = Run.Options;
        var ledger = new UsageLedger(new CostCalculator(options.Prices));
        var guard = new RunGuard(options.Budget, cancellationToken, new BudgetLeases(Layout, context.AttemptName, Time));
        var store = options.Store.Enabled ? ResponseStore.Open(Layout.StoreFile(context.Stage, context.Shard)) : null;
        var client = Providers.ChatClientComposition.ForRun(Client, options, store, ledger, guard, Time, HostMiddleware);
        return new TaskCalls(ledger, guard, client, new ModelCaller(client, options.Provider.Model, options.Provider.Temperature, LoggerFactory.CreateLogger<ModelCaller>()), store);
    }

    /// <summary>A kind's stage list, built as the streaming run builds it.</summary>
    internal KindPipeline Pipeline(DataKind kind, IChatClient client) =>
        KindPipeline.Create(Run, kind, client, Embeddings is { } embeddings ? () => embeddings : null, Time, LoggerFactory);

    private void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException ex)
        {
            // Why not rethrow: leftover scratch is harmless (no commit names it); the outcome of the task stands.
            _logger.LogWarning(ex, "Could not remove attempt folder {Attempt}", folder);
        }
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
