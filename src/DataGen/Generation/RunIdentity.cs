using DataGen.Configuration;

namespace DataGen.Generation;

/// <summary>
/// Which provider and model a run uses, and whether the output is simulated: stamped on every row and every reject,
/// with the run-wide provenance (sampling temperature, judge model, constitution hash).
/// </summary>
public sealed record RunIdentity(string RunId, string Provider, string Model, bool Simulated)
{
    /// <summary>Sampling temperature of the generation calls.</summary>
    public double Temperature { get; init; }

    /// <summary>The judge gate's model; null when the judge is off.</summary>
    public string? JudgeModel { get; init; }

    /// <summary>SHA-256 of the constitution text.</summary>
    public string ConstitutionSha256 { get; init; } = string.Empty;

    /// <summary>The ablation switches in force (the same for every kind), for rejects that never became a sample.</summary>
    public IReadOnlyDictionary<string, string> Ablations { get; init; } = new Dictionary<string, string>();

    /// <summary>The key-value metadata every Parquet file of the run carries, whichever executor wrote it.</summary>
    public Dictionary<string, string> ParquetMetadata() => new()
    {
        ["datagen.run_id"] = RunId,
        ["datagen.simulated"] = Simulated ? "true" : "false",
        ["datagen.constitution_sha256"] = ConstitutionSha256,
    };

    /// <summary>The identity of run <paramref name="runId"/> under <paramref name="options"/>.</summary>
    public static RunIdentity For(string runId, PipelineOptions options, string constitutionSha256)
    {
        ArgumentNullException.ThrowIfNull(options);
        var judge = options.Quality.Judge;
        return new RunIdentity(runId, options.Provider.Name, options.Provider.Model, options.Provider.IsSimulated)
        {
            // Through decimal so 0.9f is recorded as 0.9, not 0.8999999761581421.
            Temperature = (double)(decimal)options.Provider.Temperature,
            JudgeModel = judge.Enabled ? judge.Model ?? options.Provider.Model : null,
            ConstitutionSha256 = constitutionSha256,
            Ablations = options.Generation.Ablations.ToRecord(),
        };
    }
}
