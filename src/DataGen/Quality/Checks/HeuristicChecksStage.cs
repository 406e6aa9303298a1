using System.Diagnostics;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Pipeline.Stages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Quality.Checks;

/// <summary>
/// Runs the heuristic checks in order, cheapest first; the first drop wins and becomes a rejection with stage
/// <c>checks</c> and the check's reason. Rejections from earlier stages pass through untouched.
/// </summary>
public sealed class HeuristicChecksStage : FilterStage
{
    public const string StageName = "checks";

    private readonly IReadOnlyList<IQualityCheck> _checks;
    private readonly ILogger _logger;

    public HeuristicChecksStage(IReadOnlyList<IQualityCheck> checks, TimeProvider time, ILogger? logger = null)
        : base(StageName, StageScope.PerSample, time, logger)
    {
        ArgumentNullException.ThrowIfNull(checks);
        _checks = checks;
        _logger = logger ?? NullLogger.Instance;
    }

    // The checks are pure (IQualityCheck's contract) and cost about a millisecond a sample between them; one sample at a
    // time on one thread capped a run at a few hundred samples a second however many cores were idle. Verdicts stay in
    // input order.
    protected override int Concurrency => Environment.ProcessorCount;

    /// <summary>The checks <c>pipeline.json</c> configures, in the order they run.</summary>
    /// <param name="options">The checks' settings.</param>
    /// <param name="language">The language the text must be in (<c>generation.documents.language</c>).</param>
    public static IReadOnlyList<IQualityCheck> DefaultChecks(ChecksOptions options, string language = "English")
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new ChatStructureCheck(),
            new LengthCheck(options),
            new TruncationCheck(),
            new BoilerplateCheck(options.BoilerplatePhrases),
            new PlaceholderCheck(),
            new LinkCheck(),
            new MarkdownCheck(),
            new MetaReferenceCheck(),
            new DocumentFactsCheck(),
            new RepetitionCheck(options.Repetition),
            .. options.Deliberation.Enabled ? [new DeliberationCheck(options.Deliberation)] : Array.Empty<IQualityCheck>(),
            .. options.Language.Enabled ? [new LanguageCheck(language, options.Language)] : Array.Empty<IQualityCheck>(),
        ];
    }

    protected override ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Evaluate(sample) is { } drop ? StageVerdict.Drop(drop.Reason!, drop.Detail) : StageVerdict.Keep());

    /// <summary>The checks' decision on one sample without counting it (to re-check critique-and-revise output).</summary>
    public GenerationOutcome Decide(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return Evaluate(sample) is { } verdict
            ? GenerationOutcome.Of(Rejection.Of(sample, StageName, verdict.Reason!, verdict.Detail, Time.GetUtcNow()))
            : GenerationOutcome.Of(sample);
    }

    private CheckVerdict? Evaluate(Sample sample)
    {
        var timed = CheckMetrics.Timings.Enabled;
        foreach (var check in _checks)
        {
            CheckVerdict verdict;
            var started = timed ? Stopwatch.GetTimestamp() : 0;
            try
            {
                verdict = check.Check(sample);
                if (timed)
                {
                    CheckMetrics.Timings.Record(check.Name, started);
                }
            }
            catch (Exception ex)
            {
                // Why catch everything: a check must never tear down the stream (the interface's contract); a broken
                // check drops the sample with a reason naming it, so the fault is visible and counted.
                _logger.LogWarning(ex, "Check {Check} failed on {SampleId}", check.Name, sample.Id);
                return CheckVerdict.Drop("check_error", $"{check.Name}: {ex.Message}");
            }

            if (!verdict.Kept)
            {
                return verdict;
            }
        }

        return null;
    }
}
