using DataGen.Generation;
using DataGen.Quality;

namespace DataGen.Pipeline.Stages;

/// <summary>
/// One step over one kind's generation outcomes. A kind's stages are listed once (<see cref="KindPipeline"/>) and every
/// executor folds that list: <c>stream = stage.ProcessAsync(stream, ct)</c>.
/// </summary>
/// <remarks>
/// Failure contract: rejections from earlier stages pass through untouched and in place; a kept sample comes out kept
/// (possibly annotated) or as a rejection naming this stage and a reason; output order is input order. A stage never
/// throws for one bad item (it drops it with a reason and counts it); it throws only on cancellation or when the run
/// must stop (a paused provider).
/// </remarks>
public interface IOutcomeStage
{
    /// <summary>Stage name in rejects and the manifest (<c>checks</c>, <c>dedupe_exact</c>, ...).</summary>
    string Name { get; }

    /// <summary>Whether the stage looks at one sample alone or needs every sample of the kind in seed order.</summary>
    StageScope Scope { get; }

    /// <summary>Samples seen, kept, and dropped per reason.</summary>
    StageCounters Counters { get; }

    IAsyncEnumerable<GenerationOutcome> ProcessAsync(IAsyncEnumerable<GenerationOutcome> input, CancellationToken cancellationToken = default);
}
