using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Decontamination;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Stages;

/// <summary>What a <see cref="StageFactory"/> builds a kind's stage from: the prepared run and the run's shared services.</summary>
public sealed record StageContext
{
    public required PreparedRun Run { get; init; }

    public required DataKind Kind { get; init; }

    /// <summary>The run's chat client (recording, metered, guarded): model-calling stages call through it.</summary>
    public required IChatClient Client { get; init; }

    /// <summary>The embedding model, created on first use.</summary>
    public required Func<IEmbeddingGenerator<string, Embedding<float>>> Embeddings { get; init; }

    /// <summary>The decontamination gate shared by the seed gate and the sample stage; null when decontamination is off.</summary>
    public DecontaminationGate? Decontamination { get; init; }

    /// <summary>The kind's exact-N state, shared by the streaming run's rounds and the cap.</summary>
    public required ExactNTally ExactN { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public PipelineOptions Options => Run.Options;

    public QualityOptions Quality => Run.Options.Quality;
}
