using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Quality;
using DataGen.Quality.Checks;
using DataGen.Quality.Decontamination;
using DataGen.Quality.Dedupe;
using DataGen.Quality.Diversity;
using DataGen.Quality.Embeddings;
using DataGen.Quality.Judging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Stages;

/// <summary>
/// One kind's pipeline after generation: the ordered stage list every executor runs (the streaming run folds it, a
/// sharded run cuts it at the stages that need every sample), plus the seed gate before generation and the kind's
/// diversity and exact-N state. The order is written once, in <see cref="Standard"/>; the manifest's stage list is
/// <see cref="StageNames"/>. Stage state (dedupe indexes, counters) lives as long as this object, so exact-N rounds
/// share it.
/// </summary>
public sealed class KindPipeline
{
    /// <summary>Name of the generation step in the manifest's stage list.</summary>
    public const string GenerateStage = "generate";

    private KindPipeline(DataKind kind, IReadOnlyList<IOutcomeStage> stages, SeedDecontaminationGate? seedGate, ExactNTally exactN, DiversityTracker diversity)
    {
        Kind = kind;
        Stages = stages;
        SeedGate = seedGate;
        ExactN = exactN;
        Diversity = diversity;
    }

    /// <summary>
    /// The shipped stage order, cheapest and per-sample first: checks → decontamination (reserved names are replaced
    /// before dedupe, so dedupe compares the text that is written; a contaminated sample never keeps a cluster) →
    /// exact, near and semantic dedupe → judge → exact-N's cap. A new stage is a class and a line here.
    /// </summary>
    public static IReadOnlyList<StageFactory> Standard { get; } =
    [
        c => c.Quality.Checks.Enabled
            ? new HeuristicChecksStage(HeuristicChecksStage.DefaultChecks(c.Quality.Checks, c.Options.Generation.Documents.Language), c.Time, c.LoggerFactory.CreateLogger<HeuristicChecksStage>())
            : null,
        c => c.Decontamination is { } gate ? new DecontaminationStage(gate, c.Time, c.LoggerFactory.CreateLogger<DecontaminationStage>()) : null,
        c => c.Options.Dedupe.Exact ? new ExactDedupeStage(c.Time, Earlier(c)) : null,
        c => c.Quality.NearDuplicates.Enabled ? new NearDuplicateStage(c.Quality.NearDuplicates, c.Time, Earlier(c)) : null,
        c => c.Quality.SemanticDedupe.Enabled ? new SemanticDedupeStage(c.Embeddings(), c.Quality.SemanticDedupe.Threshold, c.Time) : null,
        c => c.Quality.Judge.Enabled
            ? new JudgeStage(c.Kind, c.Quality.Judge, c.Run.Constitution, c.Run.Prompts,
                new ModelCaller(c.Client, c.Quality.Judge.Model ?? c.Options.Provider.Model, c.Quality.Judge.Temperature, c.LoggerFactory.CreateLogger<ModelCaller>()),
                c.Options.Provider.SamplesInProgress, c.Time, c.LoggerFactory.CreateLogger<JudgeStage>(),
                [.. c.Run.EvalItems.Select(i => i.Family).OfType<string>().Distinct(StringComparer.Ordinal)], Recheck(c), c.Run.Counts[c.Kind])
            : null,
        c => c.Quality.ExactN.Enabled ? new ExactNStage(c.ExactN, c.Run.Counts[c.Kind], c.Time) : null,
    ];

    public DataKind Kind { get; }

    // The earlier runs' rows of the kind (dedupe.against), streamed into a dedupe index before the first sample.
    private static Func<CancellationToken, IAsyncEnumerable<EarlierRow>>? Earlier(StageContext c) =>
        c.Run.Against is { } against ? ct => against.ReadAsync(c.Kind, ct) : null;

    // Critique-and-revise output is a new sample: the per-sample checks and decontamination decide on it again, through
    // instances of their own so the rewrite is not counted twice in their counters.
    private static Func<Sample, CancellationToken, Task<GenerationOutcome>> Recheck(StageContext c)
    {
        var checks = c.Quality.Checks.Enabled ? new HeuristicChecksStage(HeuristicChecksStage.DefaultChecks(c.Quality.Checks, c.Options.Generation.Documents.Language), c.Time) : null;
        var decontaminate = c.Decontamination is { } gate ? new DecontaminationStage(gate, c.Time) : null;
        return async (sample, ct) =>
        {
            var outcome = checks?.Decide(sample) ?? GenerationOutcome.Of(sample);
            return outcome.Sample is { } kept && decontaminate is not null ? await decontaminate.DecideAsync(kept, ct) : outcome;
        };
    }

    /// <summary>The stages after generation, in order.</summary>
    public IReadOnlyList<IOutcomeStage> Stages { get; }

    /// <summary>The seed gate, when decontamination of seeds is on; it runs before generation.</summary>
    public SeedDecontaminationGate? SeedGate { get; }

    public ExactNTally ExactN { get; }

    public DiversityTracker Diversity { get; }

    /// <summary>The manifest's stage list: seed gate (when on), generate, then <see cref="Stages"/>.</summary>
    public IReadOnlyList<string> StageNames =>
        [.. SeedGate is null ? [] : new[] { SeedDecontaminationGate.StageName }, GenerateStage, Generation.Recipes.RecipeRunner.NameHygieneStage, .. Stages.Select(s => s.Name)];

    /// <summary>Counters of the stages before generation (the seed gate, when on).</summary>
    public IReadOnlyList<StageCounters> SeedCounters => SeedGate is null ? [] : [SeedGate.Counters];

    /// <summary>The judge, when on: its token use goes into the kind's totals.</summary>
    public JudgeStage? Judge => Stages.OfType<JudgeStage>().FirstOrDefault();

    /// <summary>Builds <paramref name="kind"/>'s pipeline from the run's stage list (<see cref="PreparedRun.Stages"/>).</summary>
    public static KindPipeline Create(
        PreparedRun run, DataKind kind, IChatClient client, Func<IEmbeddingGenerator<string, Embedding<float>>>? embeddings, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var quality = run.Options.Quality;
        var lazy = new Lazy<IEmbeddingGenerator<string, Embedding<float>>>(embeddings ?? (() => MiniLmEmbeddingGenerator.Shared));
        var gate = quality.Decontamination.Enabled
            ? new DecontaminationGate(quality.Decontamination, run.EvalItems, quality.Decontamination.Embedding ? lazy.Value : null, LlmJudge(run, client, loggerFactory), run.Constitution.FullText)
            : null;
        var context = new StageContext
        {
            Run = run,
            Kind = kind,
            Client = client,
            Embeddings = () => lazy.Value,
            Decontamination = gate,
            ExactN = new ExactNTally(quality.ExactN, run.Counts[kind]),
            Time = time,
            LoggerFactory = loggerFactory,
        };
        var stages = run.Stages.Select(factory => factory(context)).OfType<IOutcomeStage>().ToList();
        var duplicate = stages.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"stage name '{duplicate.Key}' appears twice in {kind.Name()}'s stage list");
        }

        var seedGate = gate is not null && quality.Decontamination.Seeds ? new SeedDecontaminationGate(gate, time) : null;
        return new KindPipeline(kind, stages, seedGate, context.ExactN,
            DiversityTracker.For(run.Options.Generation.Options(kind), run.Constitution.Principles.Count));
    }

    // The optional LLM contamination judge; its calls route by their step to quality.decontamination.llmJudge.provider.
    private static ContaminationJudge? LlmJudge(PreparedRun run, IChatClient client, ILoggerFactory loggerFactory)
    {
        var options = run.Options.Quality.Decontamination.LlmJudge;
        return options.Enabled
            ? new ContaminationJudge(options, run.Prompts, new ModelCaller(client, options.Model ?? run.Options.Provider.Model, options.Temperature, loggerFactory.CreateLogger<ModelCaller>()))
            : null;
    }

    /// <summary>Folds <paramref name="stages"/> over <paramref name="stream"/>, the way every executor chains them.</summary>
    public static IAsyncEnumerable<GenerationOutcome> Fold(IEnumerable<IOutcomeStage> stages, IAsyncEnumerable<GenerationOutcome> stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stages);
        foreach (var stage in stages)
        {
            stream = stage.ProcessAsync(stream, cancellationToken);
        }

        return stream;
    }
}
