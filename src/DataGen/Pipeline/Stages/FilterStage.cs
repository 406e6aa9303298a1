using System.Runtime.CompilerServices;
using DataGen.Concurrency;
using DataGen.Generation;
using DataGen.Providers.Resilience;
using DataGen.Quality;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Pipeline.Stages;

/// <summary>
/// A stage that keeps or drops one sample at a time. This class writes the loop once: rejections pass through,
/// each sample's verdict is counted, a drop becomes a <see cref="Rejection"/> naming the stage, and a failure on one
/// sample drops it with reason <c>stage_error</c> instead of ending the stream. A subclass implements
/// <see cref="EvaluateAsync"/>, and raises <see cref="Concurrency"/> when its verdicts wait on a model.
/// </summary>
public abstract class FilterStage : IOutcomeStage
{
    /// <summary>Reason for a sample whose evaluation threw.</summary>
    public const string StageError = "stage_error";

    private readonly ILogger _logger;

    protected FilterStage(string name, StageScope scope, TimeProvider time, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(time);
        Name = name;
        Scope = scope;
        Time = time;
        Counters = new StageCounters(name);
        _logger = logger ?? NullLogger.Instance;
    }

    public string Name { get; }

    public StageScope Scope { get; }

    public StageCounters Counters { get; }

    protected TimeProvider Time { get; }

    /// <summary>Samples evaluated at once (output stays in input order); 1 evaluates them one after another.</summary>
    protected virtual int Concurrency => 1;

    /// <summary>
    /// Work before the first sample (loading an index), run at the start of each <see cref="ProcessAsync"/>, so a
    /// subclass makes it idempotent. Unlike <see cref="EvaluateAsync"/>, a failure here stops the run: it is about
    /// the stage, not one sample.
    /// </summary>
    protected virtual ValueTask PrepareAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Keeps or drops one sample.</summary>
    protected abstract ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken);

    public IAsyncEnumerable<GenerationOutcome> ProcessAsync(IAsyncEnumerable<GenerationOutcome> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PreparedAsync(input, cancellationToken);
    }

    private async IAsyncEnumerable<GenerationOutcome> PreparedAsync(IAsyncEnumerable<GenerationOutcome> input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        var output = Concurrency > 1
            ? input.SelectConcurrentAsync(Concurrency, (outcome, ct) => outcome.Sample is { } sample ? ApplyAsync(sample, ct) : Task.FromResult(outcome), cancellationToken)
            : InOrderAsync(input, cancellationToken);
        await foreach (var outcome in output.WithCancellation(cancellationToken))
        {
            yield return outcome;
        }
    }

    private async IAsyncEnumerable<GenerationOutcome> InOrderAsync(IAsyncEnumerable<GenerationOutcome> input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var outcome in input.WithCancellation(cancellationToken))
        {
            yield return outcome.Sample is { } sample ? await ApplyAsync(sample, cancellationToken) : outcome;
        }
    }

    private async Task<GenerationOutcome> ApplyAsync(Sample sample, CancellationToken cancellationToken)
    {
        StageVerdict verdict;
        try
        {
            verdict = await EvaluateAsync(sample, cancellationToken);
        }
        catch (Exception ex) when (ex is not ProviderPausedException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // Why catch everything (but a paused provider and cancellation, which must stop the run): the contract says one
            // bad item never tears down the stream; it is logged with its id, counted and written to rejects.
            _logger.LogWarning(ex, "Stage {Stage} failed on {SampleId}: {Reason}", Name, sample.Id, ex.Message);
            verdict = StageVerdict.Drop(StageError, ex.Message);
        }

        if (verdict.Kept)
        {
            Counters.CountKept();
            return GenerationOutcome.Of(verdict.Sample ?? sample);
        }

        Counters.CountDropped(verdict.Reason!);
        _logger.LogDebug("Stage {Stage} dropped {SampleId}: {Reason} ({Detail})", Name, sample.Id, verdict.Reason, verdict.Detail);
        return GenerationOutcome.Of(Rejection.Of(verdict.Sample ?? sample, Name, verdict.Reason!, verdict.Detail, Time.GetUtcNow(), verdict.Matched, verdict.PromptId));
    }
}
