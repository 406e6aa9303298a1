using System.Text.Json.Serialization;
using DataGen.Providers.Local;

namespace DataGen.Configuration;

/// <summary>
/// A whole run's configuration, loaded from <c>pipeline.json</c> and validated by <see cref="PipelineConfigLoader"/>.
/// Immutable; command-line overrides produce a new instance with <c>with</c>. Paths are absolute once loaded.
/// </summary>
public sealed record PipelineOptions
{
    /// <summary>Absolute path of the file this was loaded from; paths in the config resolve against its folder.</summary>
    [JsonIgnore]
    public string ConfigPath { get; init; } = System.IO.Path.Combine(Environment.CurrentDirectory, "pipeline.json");

    public RunOptions Run { get; init; } = new();

    public required ConstitutionOptions Constitution { get; init; }

    public ProviderOptions Provider { get; init; } = new();

    /// <summary>
    /// Further providers by name, each a block with the keys of <see cref="Provider"/>; a recipe step
    /// (<c>generation.&lt;kind&gt;.steps.&lt;step&gt;.provider</c>) or the judge (<c>quality.judge.provider</c>) names one.
    /// Each keeps its own resilience, rate limits and concurrency.
    /// </summary>
    public IReadOnlyDictionary<string, ProviderOptions> Providers { get; init; } = new Dictionary<string, ProviderOptions>(StringComparer.Ordinal);

    public SimulatorOptions Simulator { get; init; } = new();

    public PromptsOptions Prompts { get; init; } = new();

    public GenerationOptions Generation { get; init; } = new();

    public DedupeOptions Dedupe { get; init; } = new();

    public QualityOptions Quality { get; init; } = new();

    public OutputOptions Output { get; init; } = new();

    /// <summary>Backoff, circuit breaker and adaptive concurrency of the one resilience pipeline.</summary>
    public ResilienceOptions Resilience { get; init; } = new();

    /// <summary>Guards that stop a run early: cost cap and failure rate.</summary>
    public BudgetOptions Budget { get; init; } = new();

    /// <summary>Price per million tokens, per model id.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices { get; init; } = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);

    /// <summary>The response store that makes runs resumable.</summary>
    public StoreOptions Store { get; init; } = new();

    /// <summary>The live progress view: when a call in flight counts as hung.</summary>
    public ProgressOptions Progress { get; init; } = new();
}

/// <summary>Identity and randomness of a run.</summary>
public sealed record RunOptions
{
    public string Name { get; init; } = "datagen";

    /// <summary>Seed for drawing seeds; the same config and seed give the same seeds and ids.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Accept relative input paths (constitution, prompts, eval folder) that climb out of the config's folder with
    /// <c>..</c>; off by default, so a config copied elsewhere cannot quietly read files it was not shipped with.
    /// </summary>
    public bool AllowPathsOutsideConfigFolder { get; init; }
}

/// <summary>The constitution file and the persona names filled into its placeholders.</summary>
public sealed record ConstitutionOptions
{
    public required string Path { get; init; }

    public string ModelName { get; init; } = "Aster";

    public string DeveloperName { get; init; } = "the developers";

    /// <summary>Largest constitution file accepted, in bytes: past it the plan's call count is no longer a constitution's.</summary>
    public long MaxBytes { get; init; } = 1_000_000;

    /// <summary>Placeholder values for the constitution text.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Persona => new Dictionary<string, string>
    {
        ["model_name"] = ModelName,
        ["developer_name"] = DeveloperName,
    };
}

/// <summary>Which model generates and how it is called.</summary>
public sealed record ProviderOptions
{
    public string Name { get; init; } = ProviderNames.Simulated;

    public string Model { get; init; } = "sim-1";

    public Uri? Endpoint { get; init; }

    /// <summary>Name of the environment variable holding the API key; never the key.</summary>
    public string? ApiKeyEnv { get; init; }

    public float Temperature { get; init; } = 0.9f;

    public int MaxOutputTokens { get; init; } = 2048;

    public double TimeoutSeconds { get; init; } = 120;

    /// <summary>Retries after a transient fault, with exponential backoff and jitter.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Ceiling of model calls in flight; adaptive concurrency works below it.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>
    /// Samples worked on at once: <see cref="Concurrency"/> plus half as many again (at least 4), so the CPU work between one
    /// call of a sample and its next (parsing, the store, rendering, checks) never leaves a call slot idle. The calls
    /// themselves stay at or below <see cref="Concurrency"/>: the resilience layer holds that ceiling.
    /// </summary>
    [JsonIgnore]
    public int SamplesInProgress => Concurrency + Math.Max(4, Concurrency / 2);

    /// <summary>Budget for one call across all its retries and waits.</summary>
    public double TotalTimeoutSeconds { get; init; } = 600;

    /// <summary>Client-side request limit per endpoint (null: none).</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Client-side token limit per endpoint, input estimate plus output budget (null: none).</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Several endpoints serving the same model (replicas, keys); empty uses <see cref="Endpoint"/>.</summary>
    public IReadOnlyList<EndpointOptions> Endpoints { get; init; } = [];

    /// <summary>Send this provider's calls through its batch API (openai and anthropic).</summary>
    public BatchOptions Batch { get; init; } = new();

    /// <summary>The in-process GGUF model of the <c>local</c> provider; unused by the others.</summary>
    public LocalModelOptions? Local { get; init; }

    [JsonIgnore]
    public bool IsSimulated => Name == ProviderNames.Simulated;
}

/// <summary>Shares of deliberately flawed replies from the simulated provider (probability per reply).</summary>
public sealed record SimulatorOptions
{
    public double DuplicateRate { get; init; } = 0.05;

    public double TruncatedRate { get; init; } = 0.03;

    public double RepetitiveRate { get; init; } = 0.03;

    public double RefusalRate { get; init; } = 0.03;

    public double MalformedRate { get; init; } = 0.05;

    /// <summary>Share of replies to prompts that offer the UNSUITABLE escape which take it.</summary>
    public double UnsuitableRate { get; init; } = 0.01;

    /// <summary>How long each reply takes.</summary>
    public LatencyOptions Latency { get; init; } = new();

    /// <summary>Transport and output faults injected at set rates.</summary>
    public FaultOptions Faults { get; init; } = new();

    /// <summary>Completion delay, partial failures and expiry of the simulator server's batch APIs.</summary>
    public SimulatedBatchOptions Batch { get; init; } = new();

    /// <summary>A simulator that never misbehaves, for tests that need clean output.</summary>
    public static SimulatorOptions Clean { get; } = new()
    {
        DuplicateRate = 0, TruncatedRate = 0, RepetitiveRate = 0, RefusalRate = 0, MalformedRate = 0, UnsuitableRate = 0,
    };
}

/// <summary>Where prompt templates live.</summary>
public sealed record PromptsOptions
{
    public string Directory { get; init; } = "prompts";
}

/// <summary>Per-kind generation settings.</summary>
public sealed record GenerationOptions
{
    public DocumentsOptions Documents { get; init; } = new();

    public StoriesOptions Stories { get; init; } = new();

    public AdviceChatsOptions AdviceChats { get; init; } = new();

    /// <summary>Switches that remove or swap recipe steps, for ablations.</summary>
    public AblationOptions Ablations { get; init; } = new();

    /// <summary>Banned, reserved and real names kept out of generated text.</summary>
    public NameHygieneOptions NameHygiene { get; init; } = new();
}

/// <summary>Duplicate removal.</summary>
public sealed record DedupeOptions
{
    public bool Exact { get; init; } = true;

    /// <summary>
    /// Earlier runs' outputs (run folders or Parquet globs such as <c>datasets/runs/a/*/part-*.parquet</c>) whose kept
    /// rows are loaded into the exact and near-duplicate indexes before this run's first sample: a row duplicating one
    /// of them is dropped, naming the earlier run and row. Empty: off.
    /// </summary>
    public IReadOnlyList<string> Against { get; init; } = [];
}

/// <summary>Where and how shards are written.</summary>
public sealed record OutputOptions
{
    public string Directory { get; init; } = "datasets/runs/latest";

    public int RowsPerShard { get; init; } = 1000;

    public string Compression { get; init; } = "snappy";

    /// <summary>The dataset card's license id as the Hugging Face Hub spells it; <c>other</c> for unlisted terms.</summary>
    public string License { get; init; } = "other";

    /// <summary>The card's <c>license_name</c>, written when <see cref="License"/> is <c>other</c>.</summary>
    public string LicenseName { get; init; } = "model-output-terms";
}
