using System.Globalization;
using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Generation.Parsing;
using DataGen.Pipeline.Stages;
using DataGen.Prompts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Quality.Judging;

/// <summary>
/// Scores each surviving sample against the constitution with its kind's rubric (structured JSON: a score per
/// criterion, a rationale, the section relied on), applies <see cref="JudgeKeepRule"/>, and records the verdict on
/// the sample either way. Optionally rewrites a borderline reject once (critique-and-revise) and judges it again.
/// Calls run with bounded concurrency; output stays in input order. Reasons: <c>judge_low_score</c>,
/// <c>judge_low_mean</c>, <c>judge_unparseable</c>, <c>judge_error</c>.
/// </summary>
public sealed class JudgeStage : FilterStage
{
    public const string StageName = "judge";

    private readonly JudgeOptions _options;
    private readonly ModelCaller _caller;
    private readonly PromptTemplate _rubric;
    private readonly PromptTemplate? _revise;
    private readonly JudgeReplyParser _parser;
    private readonly TaggedTextParser _reviseParser = new("revised", "revised");
    private readonly JudgeThresholds _thresholds;
    private readonly string _sectionList;
    private readonly ConstitutionDocument _constitution;
    private readonly IReadOnlyList<JudgeGate> _gates;
    private readonly string _gateList;
    private readonly string _evalFamilies;
    private readonly Func<Sample, CancellationToken, Task<GenerationOutcome>>? _recheck;
    private readonly int _concurrency;
    private readonly double _stabilityShare;
    private readonly int _stabilitySeed;
    private readonly ILogger _logger;

    // evalFamilies: the configured eval sets' families, shown to the judge for no_eval_leakage. recheck: runs a
    // critique-and-revise rewrite through the per-sample stages again (checks, names, decontamination), because the
    // rewrite is a new sample: its rejection (if any) is the sample's, and its names are replaced as any sample's.
    public JudgeStage(
        DataKind kind, JudgeOptions options, ConstitutionDocument constitution, PromptLibrary prompts, ModelCaller caller, int concurrency, TimeProvider time, ILogger? logger = null,
        IReadOnlyList<string>? evalFamilies = null, Func<Sample, CancellationToken, Task<GenerationOutcome>>? recheck = null, int plannedRows = 0)
        : base(StageName, StageScope.PerSample, time, logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(prompts);
        _options = options;
        _caller = caller;
        (_rubric, _revise) = LoadTemplates(kind, options, prompts);
        _gates = options.Gates ? JudgeGates.For(kind) : [];
        _parser = new JudgeReplyParser(JudgeRubric.Criteria, [.. constitution.Principles.Select(p => p.Id)], _gates);
        _gateList = _gates.Count == 0 ? "(none asked)" : string.Join("\n", _gates.Select(g => $"- {g.Name}: {g.Passes}"));
        _evalFamilies = evalFamilies is { Count: > 0 } ? string.Join(", ", evalFamilies.Order(StringComparer.Ordinal)) : "(no eval families configured)";
        _constitution = constitution;
        _recheck = recheck;
        _thresholds = options.For(kind);
        _sectionList = string.Join("\n", constitution.Principles.Select(p => $"- {p.Id}: {p.Title}"));
        _concurrency = concurrency;
        var sample = options.Stability.Sample;
        _stabilityShare = sample <= 1 ? Math.Max(0, sample) : Math.Min(1, sample / Math.Max(1, plannedRows));
        _stabilitySeed = options.Stability.Seed;
        _logger = logger ?? NullLogger.Instance;
        RubricHash = _rubric.Id[(_rubric.Id.LastIndexOf('@') + 1)..];
    }

    /// <summary>SHA-256 prefix of the rubric template's text, stored on every verdict.</summary>
    public string RubricHash { get; }

    /// <summary>Samples rewritten by critique-and-revise.</summary>
    public long Revised => Interlocked.Read(ref _revised);

    private long _revised;

    /// <summary>Loads and checks the judge templates a kind needs (a missing one is a <see cref="ConfigException"/>).</summary>
    public static (PromptTemplate Rubric, PromptTemplate? Revise) LoadTemplates(DataKind kind, JudgeOptions options, PromptLibrary prompts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(prompts);
        var rubric = prompts.Get(JudgeRubric.PromptName(kind), "$.quality.judge.enabled");
        var problems = rubric.Check(RubricValues);
        PromptTemplate? revise = null;
        if (options.CritiqueAndRevise)
        {
            revise = prompts.Get(JudgeRubric.RevisePromptName, "$.quality.judge.critiqueAndRevise");
            problems = [.. problems, .. revise.Check(["kind", "principle_title", "principle_text", "content", "rationale"])];
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(rubric.FullPath, problems);
        }

        return (rubric, revise);
    }

    /// <summary>The values a rubric template is rendered with.</summary>
    public static IReadOnlyList<string> RubricValues { get; } =
        ["kind", "principle_id", "principle_title", "principle_text", "sections", "content", "constitution", "gates", "eval_families"];

    protected override int Concurrency => _concurrency;

    /// <summary>The whole constitution, each section under its id, the seed's section marked so the judge weighs it first.</summary>
    public static string MarkedConstitution(ConstitutionDocument constitution, string principleId)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        return string.Join("\n\n", constitution.Principles.Select(p => p.Id == principleId
            ? $">>> THE SECTION THIS SAMPLE WAS WRITTEN FOR: [{p.Id}] {p.Title}\n{p.Text}\n<<< END OF THAT SECTION"
            : $"[{p.Id}] {p.Title}\n{p.Text}"));
    }

    protected override async ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken) => await JudgeOneAsync(sample, cancellationToken);

    private async Task<StageVerdict> JudgeOneAsync(Sample sample, CancellationToken cancellationToken)
    {
        // Attributes the judge's calls to stage "judge" in the usage ledger (an async-local scope for this call only).
        Pipeline.CallScope.Enter(StageName, sample.Kind.Name());
        ModelCallContext.Step = JudgeRubric.PromptName(sample.Kind);
        try
        {
            var (verdict, error) = await ScoreAsync(sample, cancellationToken);
            if (verdict is null)
            {
                return Drop(sample, "judge_unparseable", error);
            }

            sample = sample with { Quality = sample.Quality with { Verdict = verdict } };
            var (keep, reason, detail) = JudgeKeepRule.Decide(verdict, _thresholds);
            if (IsRejudged(sample.Id))
            {
                await RejudgeAsync(sample, verdict, keep, cancellationToken);
            }

            if (!keep && _revise is not null && JudgeKeepRule.IsBorderline(verdict, _thresholds, _options.BorderlineMargin))
            {
                var revised = await ReviseAsync(sample, verdict, cancellationToken);
                if (revised is not null && _recheck is not null)
                {
                    // The rewrite is a new sample: it passes the per-sample stages again before the judge sees it.
                    var rechecked = await _recheck(revised, cancellationToken);
                    if (rechecked.Rejection is { } failed)
                    {
                        Interlocked.Increment(ref _revised);
                        _logger.LogDebug("Judge dropped {SampleId}: critique-and-revise output failed {Stage} ({Reason})", sample.Id, failed.Stage, failed.Reason);
                        return StageVerdict.Drop(failed.Reason, $"critique-and-revise output failed {failed.Stage}: {failed.Detail}", failed.Matched, revised, _rubric.Id);
                    }

                    revised = rechecked.Sample;
                }

                if (revised is not null)
                {
                    Interlocked.Increment(ref _revised);
                    var (again, againError) = await ScoreAsync(revised, cancellationToken);
                    if (again is null)
                    {
                        return Drop(revised, "judge_unparseable", againError);
                    }

                    sample = revised with { Quality = revised.Quality with { Verdict = again, Revised = true } };
                    (keep, reason, detail) = JudgeKeepRule.Decide(again, _thresholds);
                    detail = detail is null ? null : detail + " after critique-and-revise";
                }
            }

            if (!keep)
            {
                return Drop(sample, reason!, detail);
            }

            return StageVerdict.Keep(sample);
        }
        catch (Exception ex) when (ex is not Providers.Resilience.ProviderPausedException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // Why catch everything (but a paused provider, which must stop the run): one failed judge call (after the resilience pipeline gave up) must not stop the run.
            _logger.LogWarning(ex, "Judging {SampleId} failed: {Reason}", sample.Id, ex.Message);
            return Drop(sample, "judge_error", ex.Message);
        }
    }

    /// <summary>Counter names of re-judge stability (<see cref="JudgeStabilityOptions"/>), in the judge stage's tallies.</summary>
    public static class StabilityTallies
    {
        public const string Sampled = "stability.sampled";
        public const string JudgedTwice = "stability.judged_twice";
        public const string Unparseable = "stability.second_unparseable";
        public const string KeepFlips = "stability.keep_flips";
        public const string AnyScoreFlip = "stability.any_score_flip";
        public const string ScoreFlipPrefix = "stability.score_flip:";
        public const string GateFlipPrefix = "stability.gate_flip:";
    }

    // Seeded on the row id alone, so one process and any shard count re-judge the same rows.
    private bool IsRejudged(string id)
    {
        if (_stabilityShare <= 0)
        {
            return false;
        }

        var hash = System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(id), _stabilitySeed);
        return hash / (double)ulong.MaxValue < _stabilityShare;
    }

    // The second verdict is counted, never applied. Its request seed differs from the first's (the sampling seed plus a
    // repeat index), so its request key differs and the response store cannot replay the first verdict.
    private async Task RejudgeAsync(Sample sample, JudgeVerdict first, bool firstKeep, CancellationToken cancellationToken)
    {
        Counters.Tally(StabilityTallies.Sampled);
        var (second, error) = await ScoreAsync(sample, cancellationToken, repeat: 1);
        if (second is null)
        {
            Counters.Tally(StabilityTallies.Unparseable);
            _logger.LogDebug("Re-judging {SampleId} did not parse: {Reason}", sample.Id, error);
            return;
        }

        Counters.Tally(StabilityTallies.JudgedTwice);
        if (JudgeKeepRule.Decide(second, _thresholds).Keep != firstKeep)
        {
            Counters.Tally(StabilityTallies.KeepFlips);
        }

        var flipped = first.Scores.Where(s => second.Scores.GetValueOrDefault(s.Key) != s.Value).Select(s => s.Key).ToList();
        foreach (var criterion in flipped)
        {
            Counters.Tally(StabilityTallies.ScoreFlipPrefix + criterion);
        }

        if (flipped.Count > 0)
        {
            Counters.Tally(StabilityTallies.AnyScoreFlip);
        }

        foreach (var (gate, failed) in first.Gates)
        {
            if ((failed is null) != (second.Gates.GetValueOrDefault(gate) is null))
            {
                Counters.Tally(StabilityTallies.GateFlipPrefix + gate);
            }
        }
    }

    private async Task<(JudgeVerdict? Verdict, string? Error)> ScoreAsync(Sample sample, CancellationToken cancellationToken, int repeat = 0)
    {
        var principle = sample.Seed.Principle;
        var prompt = _rubric.Render(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = sample.Kind.Name(),
            ["principle_id"] = principle.Id,
            ["principle_title"] = principle.Title,
            ["principle_text"] = principle.Text,
            ["sections"] = _sectionList,
            ["content"] = Render(sample),
            ["constitution"] = MarkedConstitution(_constitution, principle.Id),
            ["gates"] = _gateList,
            ["eval_families"] = _evalFamilies,
        });
        ModelCallContext.Step = JudgeRubric.PromptName(sample.Kind);
        var seed = repeat == 0 ? sample.Seed.SamplingSeed : unchecked(sample.Seed.SamplingSeed + (repeat * 1_000_003));
        var result = await _caller.CallAsync(prompt, _parser, _options.MaxReasks, _options.MaxOutputTokens, seed, cancellationToken);
        if (!result.Parse.Ok)
        {
            return (null, result.Parse.Error);
        }

        var fields = result.Parse.Fields!;
        return (new JudgeVerdict
        {
            Scores = JudgeRubric.Criteria.ToDictionary(c => c.Name, c => int.Parse(fields[c.Name], CultureInfo.InvariantCulture), StringComparer.Ordinal),
            Rationale = fields["rationale"],
            Gates = _gates.ToDictionary(g => g.Name, g => fields[JudgeReplyParser.GateField(g.Name)] is var answer && answer.StartsWith("fail:", StringComparison.Ordinal) ? answer[5..] : null, StringComparer.Ordinal),
            Section = fields["section"],
            RubricHash = RubricHash,
        }, null);
    }

    private async Task<Sample?> ReviseAsync(Sample sample, JudgeVerdict verdict, CancellationToken cancellationToken)
    {
        ModelCallContext.Step = JudgeRubric.RevisePromptName;
        var prompt = _revise!.Render(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = sample.Kind.Name(),
            ["principle_title"] = sample.Seed.Principle.Title,
            ["principle_text"] = sample.Seed.Principle.Text,
            ["content"] = sample.Messages is { } m ? m.LastOrDefault(t => t.Role == "assistant")?.Content ?? string.Empty : sample.Text ?? string.Empty,
            ["rationale"] = verdict.Rationale,
        });
        var result = await _caller.CallAsync(prompt, _reviseParser, _options.MaxReasks, _options.MaxOutputTokens * 4, sample.Seed.SamplingSeed, cancellationToken);
        if (!result.Parse.Ok)
        {
            _logger.LogInformation("Revision of {SampleId} did not parse: {Reason}", sample.Id, result.Parse.Error);
            return null;
        }

        var text = result.Parse.Fields!["revised"];
        if (sample.Messages is not { } messages)
        {
            return sample with { Text = text };
        }

        var last = messages.Select((t, i) => (t, i)).LastOrDefault(x => x.t.Role == "assistant").i;
        return sample with { Messages = [.. messages.Select((t, i) => i == last ? t with { Content = text } : t)] };
    }

    private static string Render(Sample sample) => sample.Messages is { } messages
        ? string.Join("\n\n", messages.Select(m => $"[{m.Role.ToUpperInvariant()}]\n{m.Content}"))
        : sample.Text ?? string.Empty;

    private StageVerdict Drop(Sample sample, string reason, string? detail)
    {
        _logger.LogDebug("Judge dropped {SampleId}: {Reason} ({Detail})", sample.Id, reason, detail);
        return StageVerdict.Drop(reason, detail, sample: sample, promptId: _rubric.Id);
    }
}
