using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Prompts;
using DataGen.Quality.Checks;
using DataGen.Quality.Decontamination;
using DataGen.Quality.Dedupe;
using DataGen.Quality.Diversity;
using DataGen.Quality.Embeddings;
using DataGen.Quality.Judging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Quality;

/// <summary>
/// One kind's quality stages, built from <c>pipeline.json</c> and chained cheapest first around the runner's exact
/// dedupe: checks → (exact dedupe) → near-duplicates → semantic duplicates → decontamination → judge. Stage state
/// (dedupe indexes, counters) lives as long as this object, so exact-N backfill rounds share it.
/// </summary>
public sealed class QualityPipeline
{
    private readonly HeuristicChecksStage? _checks;
    private readonly NearDuplicateStage? _near;
    private readonly SemanticDedupeStage? _semantic;
    private readonly DecontaminationStage? _decontaminate;

    private QualityPipeline(
        HeuristicChecksStage? checks, NearDuplicateStage? near, SemanticDedupeStage? semantic, DecontaminationStage? decontaminate,
        JudgeStage? judge, SeedDecontaminationGate? seedGate, DiversityTracker diversity)
    {
        _checks = checks;
        _near = near;
        _semantic = semantic;
        _decontaminate = decontaminate;
        Judge = judge;
        SeedGate = seedGate;
        Diversity = diversity;
    }

    /// <summary>The judge, when on (its token use goes into the kind's totals).</summary>
    public JudgeStage? Judge { get; }

    /// <summary>The seed gate, when decontamination of seeds is on.</summary>
    public SeedDecontaminationGate? SeedGate { get; }

    public DiversityTracker Diversity { get; }

    /// <summary>Counters of the stages that run before exact dedupe.</summary>
    public IReadOnlyList<StageCounters> CountersBeforeExactDedupe => _checks is null ? [] : [_checks.Counters];

    /// <summary>Counters of the stages that run after exact dedupe, in order.</summary>
    public IReadOnlyList<StageCounters> CountersAfterExactDedupe =>
        [.. new[] { _near?.Counters, _semantic?.Counters, _decontaminate?.Counters, Judge?.Counters }.OfType<StageCounters>()];

    public static QualityPipeline Create(
        DataKind kind, PipelineOptions options, ConstitutionDocument constitution, PromptLibrary prompts, IReadOnlyList<EvalItem> evalItems,
        IChatClient client, Func<IEmbeddingGenerator<string, Embedding<float>>> embeddings, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var quality = options.Quality;
        var checks = quality.Checks.Enabled
            ? new HeuristicChecksStage(HeuristicChecksStage.DefaultChecks(quality.Checks), time, loggerFactory.CreateLogger<HeuristicChecksStage>())
            : null;
        var near = quality.NearDuplicates.Enabled ? new NearDuplicateStage(quality.NearDuplicates, time) : null;
        var semantic = quality.SemanticDedupe.Enabled ? new SemanticDedupeStage(embeddings(), quality.SemanticDedupe.Threshold, time) : null;
        DecontaminationStage? decontaminate = null;
        SeedDecontaminationGate? seedGate = null;
        if (quality.Decontamination.Enabled)
        {
            var gate = new DecontaminationGate(quality.Decontamination, evalItems, quality.Decontamination.Embedding ? embeddings() : null);
            decontaminate = new DecontaminationStage(gate, time, loggerFactory.CreateLogger<DecontaminationStage>());
            seedGate = quality.Decontamination.Seeds ? new SeedDecontaminationGate(gate, time) : null;
        }

        JudgeStage? judge = null;
        if (quality.Judge.Enabled)
        {
            var caller = new ModelCaller(client, quality.Judge.Model ?? options.Provider.Model, quality.Judge.Temperature, loggerFactory.CreateLogger<ModelCaller>());
            judge = new JudgeStage(kind, quality.Judge, constitution, prompts, caller, options.Provider.SamplesInProgress, time, loggerFactory.CreateLogger<JudgeStage>(),
                [.. evalItems.Select(i => i.Family).OfType<string>().Distinct(StringComparer.Ordinal)], (sample, ct) => RecheckAsync(checks, decontaminate, sample, ct));
        }

        return new QualityPipeline(checks, near, semantic, decontaminate, judge, seedGate,
            DiversityTracker.For(KindOptionsOf(options, kind), constitution.Principles.Count));
    }

    // Critique-and-revise output is a new sample: the per-sample stages decide on it again (without counting it twice).
    private static async Task<GenerationOutcome> RecheckAsync(HeuristicChecksStage? checks, DecontaminationStage? decontaminate, Sample sample, CancellationToken cancellationToken)
    {
        var outcome = checks?.Decide(sample) ?? GenerationOutcome.Of(sample);
        return outcome.Sample is { } kept && decontaminate is not null ? await decontaminate.DecideAsync(kept, cancellationToken) : outcome;
    }

    /// <summary>The stages that run before exact dedupe: the heuristic checks.</summary>
    public IAsyncEnumerable<GenerationOutcome> BeforeExactDedupe(IAsyncEnumerable<GenerationOutcome> stream, CancellationToken cancellationToken) =>
        _checks is null ? stream : _checks.ProcessAsync(stream, cancellationToken);

    /// <summary>The stages that run after exact dedupe, in order.</summary>
    public IAsyncEnumerable<GenerationOutcome> AfterExactDedupe(IAsyncEnumerable<GenerationOutcome> stream, CancellationToken cancellationToken)
    {
        if (_near is not null)
        {
            stream = _near.ProcessAsync(stream, cancellationToken);
        }

        if (_semantic is not null)
        {
            stream = _semantic.ProcessAsync(stream, cancellationToken);
        }

        if (_decontaminate is not null)
        {
            stream = _decontaminate.ProcessAsync(stream, cancellationToken);
        }

        if (Judge is not null)
        {
            stream = Judge.ProcessAsync(stream, cancellationToken);
        }

        return stream;
    }

    /// <summary>
    /// Sharded runs (#7): the stages that look at one sample alone (checks, decontamination) and so can run in each
    /// generate shard; near-duplicates run in the dedupe reduce, the judge in the judge shards.
    /// </summary>
    public IAsyncEnumerable<GenerationOutcome> PerSample(IAsyncEnumerable<GenerationOutcome> stream, CancellationToken cancellationToken)
    {
        stream = BeforeExactDedupe(stream, cancellationToken);
        return _decontaminate is null ? stream : _decontaminate.ProcessAsync(stream, cancellationToken);
    }

    /// <summary>Counters of <see cref="PerSample"/>'s stages, in order.</summary>
    public IReadOnlyList<StageCounters> PerSampleCounters => [.. new[] { _checks?.Counters, _decontaminate?.Counters }.OfType<StageCounters>()];

    /// <summary>The shared local embedding model, loaded on first use.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> LocalEmbeddings() => MiniLmEmbeddingGenerator.Shared;

    private static KindOptions KindOptionsOf(PipelineOptions options, DataKind kind) => kind switch
    {
        DataKind.Documents => options.Generation.Documents,
        DataKind.Stories => options.Generation.Stories,
        _ => options.Generation.AdviceChats,
    };
}
