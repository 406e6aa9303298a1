using System.Text.Json;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Output;
using DataGen.Pipeline.Stages;
using DataGen.Quality;

namespace DataGen.Pipeline;

/// <summary>
/// The one place a run's <see cref="RunManifest"/> is assembled, whichever executor ran it: the streaming run and a
/// sharded run's finalize task pass what they measured, the rest comes from the prepared run. Token counts, the run's
/// and each kind's, are read from the usage ledger and nowhere else.
/// </summary>
internal static class RunManifestBuilder
{
    public static RunManifest Build(
        PreparedRun run, RunIdentity identity, string status, string? error, bool simulated, DateTimeOffset started, DateTimeOffset finished,
        IReadOnlyDictionary<string, ManifestKind> kinds, IReadOnlyList<ShardInfo> shards, IReadOnlyList<ShardInfo> rejects, ManifestUsage usage, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(kinds);
        var options = run.Options;
        var endpoint = PipelineRunner.EndpointWithoutCredentials(options.Provider.Endpoint);
        var config = JsonSerializer.SerializeToNode(options with { Provider = options.Provider with { Endpoint = null }, Providers = Providers.Routing.ProviderRoutes.WithoutCredentials(options.Providers) }, PipelineConfigLoader.JsonOptions)!;
        config["provider"]!["endpoint"] = endpoint;
        return new RunManifest
        {
            Version = PipelineRunner.Version,
            RunId = identity.RunId,
            Name = options.Run.Name,
            Status = status,
            Simulated = identity.Simulated || simulated,
            StartedAt = started,
            FinishedAt = finished,
            Error = error,
            Provider = new ManifestProvider(identity.Provider, identity.Model, endpoint),
            Constitution = new ManifestConstitution(run.Constitution.SourcePath, run.Constitution.Title, run.Constitution.Sha256, run.Constitution.Principles.Count),
            Prompts = [.. run.Recipes.SelectMany(r => r.Recipe.Steps.Select((step, i) => new ManifestPrompt(r.Recipe.Kind.Name(), step.Name, r.Templates[i].Name, r.Templates[i].Id)))],
            Kinds = kinds.ToDictionary(k => k.Key, k => k.Value with { Tokens = usage.ByKind.TryGetValue(k.Key, out var line) ? ManifestTokens.Of(line) : new(0, 0, 0) }, StringComparer.Ordinal),
            Tokens = ManifestTokens.Of(usage.Total),
            Shards = shards,
            Rejects = rejects,
            Usage = usage,
            Config = config,
            ContentHash = contentHash,
        };
    }

    /// <summary>A kind's stage counters in the pipeline's order (<see cref="KindPipeline.StageNames"/>); stages that saw nothing in this run are left out.</summary>
    public static IReadOnlyList<ManifestStage> Stages(KindPipeline pipeline, IEnumerable<ManifestStage> measured)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var byName = measured.GroupBy(s => s.Stage, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Sum(g.Key, g), StringComparer.Ordinal);
        return [.. pipeline.StageNames.Where(byName.ContainsKey).Select(name => byName[name])];
    }

    public static ManifestStage ToStage(StageCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        return new(counters.Stage, counters.Seen, counters.Kept, counters.Dropped) { Tallies = counters.Tallies is { Count: > 0 } tallies ? tallies : null };
    }

    private static ManifestStage Sum(string stage, IEnumerable<ManifestStage> parts)
    {
        var list = parts.ToList();
        var dropped = list.SelectMany(p => p.Dropped).GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        var tallies = list.SelectMany(p => p.Tallies ?? new Dictionary<string, long>()).GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        return new ManifestStage(stage, list.Sum(p => p.Seen), list.Sum(p => p.Kept), new SortedDictionary<string, long>(dropped, StringComparer.Ordinal))
        {
            Tallies = tallies.Count == 0 ? null : new SortedDictionary<string, long>(tallies, StringComparer.Ordinal),
        };
    }
}
