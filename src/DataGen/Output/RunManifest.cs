using System.Text.Json.Nodes;

namespace DataGen.Output;

/// <summary>
/// <c>manifest.json</c>: what a run was asked to do, what it did, and where the results are. Written at the end of
/// every run (completed, cancelled or failed). Holds no secrets: the config names environment variables only.
/// </summary>
public sealed record RunManifest
{
    public string Tool { get; init; } = "datagen";

    public required string Version { get; init; }

    public required string RunId { get; init; }

    public required string Name { get; init; }

    /// <summary>completed, cancelled (Ctrl+C), failed, budget_exceeded, failure_rate or paused; all but completed are resumable.</summary>
    public required string Status { get; init; }

    /// <summary>True when the simulated provider wrote the content: not model output.</summary>
    public required bool Simulated { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    public required ManifestProvider Provider { get; init; }

    public required ManifestConstitution Constitution { get; init; }

    public required IReadOnlyList<ManifestPrompt> Prompts { get; init; }

    /// <summary>Per kind: requested count, rows written, per-stage counts, tokens.</summary>
    public required IReadOnlyDictionary<string, ManifestKind> Kinds { get; init; }

    public required ManifestTokens Tokens { get; init; }

    public required IReadOnlyList<ShardInfo> Shards { get; init; }

    public required IReadOnlyList<ShardInfo> Rejects { get; init; }

    /// <summary>Tokens and cost per stage, kind, endpoint and model; paid in this run apart from replayed from the store.</summary>
    public required ManifestUsage Usage { get; init; }

    /// <summary>Per-endpoint figures as seen on the wire (attempts, failures, 429s, latency).</summary>
    public IReadOnlyList<DataGen.Providers.Resilience.EndpointStats> Endpoints { get; init; } = [];

    /// <summary>The response store, when enabled.</summary>
    public ManifestStore? Store { get; init; }

    /// <summary>The resolved configuration (paths absolute, command-line overrides applied).</summary>
    public required JsonNode Config { get; init; }

    /// <summary>SHA-256 over the kept rows in (kind, id) order, leaving out run id and timestamps: equal for equal rows however the run was split.</summary>
    public string? ContentHash { get; init; }

    /// <summary>For a sharded run: the shard count S.</summary>
    public int? ShardCount { get; init; }
}

/// <summary>Provider and model of a run; the endpoint without any credentials in it.</summary>
public sealed record ManifestProvider(string Name, string Model, string? Endpoint);

/// <summary>Which constitution text a run used.</summary>
public sealed record ManifestConstitution(string Path, string Title, string Sha256, int Principles);

/// <summary>A prompt template a run used, with its id (path and content hash).</summary>
public sealed record ManifestPrompt(string Kind, string Step, string Name, string Id);

/// <summary>One kind's figures.</summary>
public sealed record ManifestKind
{
    public required int Requested { get; init; }

    public required long Rows { get; init; }

    public required IReadOnlyList<ManifestStage> Stages { get; init; }

    /// <summary>The kind's share of the usage ledger (set by the manifest builder from <see cref="ManifestUsage.ByKind"/>).</summary>
    public ManifestTokens Tokens { get; init; } = new(0, 0, 0);

    /// <summary>Diversity of the kept rows; null when no quality stages ran.</summary>
    public ManifestDiversity? Diversity { get; init; }

    /// <summary>Exact-N outcome; null when exact-N is off.</summary>
    public ManifestExactN? ExactN { get; init; }
}

/// <summary>One stage's counts: seen, kept, dropped per reason.</summary>
public sealed record ManifestStage(string Stage, long Seen, long Kept, IReadOnlyDictionary<string, long> Dropped)
{
    /// <summary>The stage's own counts (<see cref="Quality.StageCounters.Tallies"/>); null (left out) when it has none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, long>? Tallies { get; init; }
}

/// <summary>Token totals as the provider reported them.</summary>
public sealed record ManifestTokens(long Input, long Output, long Calls)
{
    /// <summary>A ledger line's totals (paid and replayed calls): the run's (<see cref="ManifestUsage.Total"/>) or a kind's, the one source the log, card and manifest read.</summary>
    public static ManifestTokens Of(ManifestUsageLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new(line.InputTokens, line.OutputTokens, line.Calls + line.ReplayedCalls);
    }
}

/// <summary>Diversity of one kind's kept rows.</summary>
public sealed record ManifestDiversity
{
    /// <summary>Distinct word n-grams over all n-grams, for n = 1, 2, 3 (higher is more diverse).</summary>
    public required IReadOnlyDictionary<string, double> DistinctNgramRatio { get; init; }

    /// <summary>Constitution principles with at least one kept row.</summary>
    public required ManifestCoverage PrincipleCoverage { get; init; }

    /// <summary>Per diversity axis: configured values with at least one kept row (total 0: an open, model-made list).</summary>
    public required IReadOnlyDictionary<string, ManifestCoverage> AxisCoverage { get; init; }

    /// <summary>Per judge criterion: counts of kept rows scoring 1, 2, 3, 4, 5.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<long>> JudgeScores { get; init; }

    /// <summary>Average of the kept rows' mean judge scores; null when the judge did not run.</summary>
    public double? JudgeMeanAverage { get; init; }
}

/// <summary>How many of the possible values were covered.</summary>
public sealed record ManifestCoverage(int Covered, int Total);

/// <summary>Exact-N: the target, the candidates generated, the budget, and how it ended (reached or budget_spent).</summary>
public sealed record ManifestExactN(int Target, long Kept, int Candidates, int Budget, string Outcome);
