using DataGen.Output;

namespace DataGen.Scale;

/// <summary>One kind's figures from one task: its stage counters (tokens are in the task's usage ledger).</summary>
public sealed record ShardKindStats
{
    /// <summary>Counters of the stages this task ran for the kind, in pipeline order.</summary>
    public required IReadOnlyList<ManifestStage> Stages { get; init; }

    /// <summary>True when a simulated reply was seen although the provider is not the simulator.</summary>
    public bool SawSimulated { get; init; }
}
