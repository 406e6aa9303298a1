using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Output.Reading;
using DataGen.Quality.Judging;

namespace DataGen.Reporting;

/// <summary>
/// Agreement between reviewers' verdicts and the judge. A row counts when the judge decided it (a kept row with judge
/// scores keeps; a reject from the judge stage drops) and a reviewer accepted or rejected it on the content it holds now
/// (flagged and stale verdicts do not count). The judge's side is its keep decision for the run-wide and per-kind
/// tables; for a criterion table it is that criterion's own verdict (score at least the criterion's minimum, as the
/// keep rule applies it); for a gate table the gate's answer (a kept row, or one dropped after the gates, passed every
/// gate; a <c>judge_gate:&lt;name&gt;</c> reject failed that one; a row that failed another gate says nothing of it).
/// One kappa implementation (<see cref="Compute"/>) serves every table.
/// </summary>
public static class JudgeAgreement
{
    /// <summary>
    /// One decided, reviewed row: the judge's keep decision, and its per-criterion and per-gate votes (true: passes)
    /// where known.
    /// </summary>
    public sealed record Pair(string Key, string Kind, string? Gate, bool JudgeKeep, bool HumanKeep)
    {
        /// <summary>Criterion name → the criterion's score reaches its minimum.</summary>
        public IReadOnlyDictionary<string, bool> Criteria { get; init; } = new Dictionary<string, bool>();

        /// <summary>Gate name → passed; only gates whose answer the row's fate tells.</summary>
        public IReadOnlyDictionary<string, bool> Gates { get; init; } = new Dictionary<string, bool>();
    }

    /// <summary>True when a row's fate was the judge's: kept with scores, or dropped by a judge stage.</summary>
    public static bool IsJudgeDecided(bool isReject, string? stage, string? reason, bool hasScores) =>
        isReject
            ? (stage?.StartsWith("judge", StringComparison.Ordinal) ?? false) || (reason?.StartsWith("judge_", StringComparison.Ordinal) ?? false)
            : hasScores;

    /// <summary>The judge settings a run used (its manifest's resolved config), for the per-criterion minimums and the gates asked.</summary>
    public static JudgeOptions JudgeOptionsOf(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            return manifest["config"]?["quality"]?["judge"]?.Deserialize<JudgeOptions>(PipelineConfigLoader.JsonOptions) ?? new JudgeOptions();
        }
        catch (JsonException)
        {
            // A manifest from an older version with another shape: the shipped defaults are the best guess.
            return new JudgeOptions();
        }
    }

    /// <summary>
    /// A decided row as a pair: <paramref name="scores"/> are its <c>judge_*</c> columns (<c>judge_mean</c> is ignored),
    /// <paramref name="reason"/> its reject reason (null when kept).
    /// </summary>
    public static Pair PairOf(string key, string kind, bool isReject, string? reason, IReadOnlyDictionary<string, double> scores, bool humanKeep, JudgeOptions judge)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(judge);
        var failedGate = isReject && reason?.StartsWith(JudgeGates.Reason(string.Empty), StringComparison.Ordinal) == true ? reason[JudgeGates.Reason(string.Empty).Length..] : null;
        var criteria = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        var gates = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        if (DataKindNames.TryParse(kind, out var parsed))
        {
            var thresholds = judge.For(parsed);
            foreach (var (criterion, _) in JudgeRubric.Criteria)
            {
                if (scores.TryGetValue(RunRow.ScorePrefix + criterion, out var score))
                {
                    criteria[criterion] = score >= thresholds.MinScores.GetValueOrDefault(criterion, thresholds.MinScore);
                }
            }

            // Gates are checked first: a row kept or dropped for its scores passed every gate asked.
            var gatesAsked = judge.Gates ? JudgeGates.For(parsed) : [];
            var unparsed = isReject && reason is "judge_unparseable" or "judge_error";
            foreach (var gate in gatesAsked)
            {
                if (failedGate is not null)
                {
                    if (gate.Name == failedGate)
                    {
                        gates[gate.Name] = false;
                    }
                }
                else if (!unparsed)
                {
                    gates[gate.Name] = true;
                }
            }
        }

        return new Pair(key, kind, failedGate, !isReject, humanKeep) { Criteria = criteria, Gates = gates };
    }

    /// <summary>The pairs of a run loaded in memory, with reviewers' current verdicts keyed as the review page keys rows.</summary>
    public static IReadOnlyList<Pair> PairsOf(RunData run, IReadOnlyDictionary<string, ReviewerVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(verdicts);
        var judge = JudgeOptionsOf(run.Manifest);
        var pairs = new List<Pair>();
        foreach (var (key, row) in run.ReviewKeys())
        {
            if (verdicts.GetValueOrDefault(key) is not { } verdict || verdict.Value is not ("accepted" or "rejected")
                || verdict.ContentHash != row.ContentHash || !IsJudgeDecided(row.IsReject, row.Stage, row.Reason, row.Scores.Count > 0))
            {
                continue;
            }

            pairs.Add(PairOf(key, row.Kind, row.IsReject, row.Reason, row.Scores, verdict.Value == "accepted", judge));
        }

        return pairs;
    }

    /// <summary>
    /// Tables for all pairs, each kind, each criterion (all kinds, then per kind) and each gate (likewise); groups with
    /// no pair are left out.
    /// </summary>
    public static IReadOnlyList<AgreementTable> Tables(IReadOnlyList<Pair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var tables = new List<AgreementTable>();
        if (pairs.Count == 0)
        {
            return tables;
        }

        tables.Add(Compute("all", pairs));
        var kinds = pairs.Select(p => p.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var kind in kinds)
        {
            tables.Add(Compute($"kind {kind}", [.. pairs.Where(p => p.Kind == kind)]));
        }

        Votes("criterion", p => p.Criteria);
        Votes("gate", p => p.Gates);
        return tables;

        void Votes(string label, Func<Pair, IReadOnlyDictionary<string, bool>> votes)
        {
            var names = pairs.SelectMany(p => votes(p).Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var name in names)
            {
                List<Pair> Voted(IEnumerable<Pair> group) =>
                    [.. group.Where(p => votes(p).ContainsKey(name)).Select(p => p with { JudgeKeep = votes(p)[name] })];
                tables.Add(Compute($"{label} {name}", Voted(pairs)));
                if (kinds.Count > 1)
                {
                    tables.AddRange(kinds.Select(kind => Voted(pairs.Where(p => p.Kind == kind)) is { Count: > 0 } voted ? Compute($"kind {kind}, {label} {name}", voted) : null).OfType<AgreementTable>());
                }
            }
        }
    }

    /// <summary>
    /// The 2×2 table and Cohen's kappa, κ = (pₒ − pₑ) / (1 − pₑ), with the large-sample standard error
    /// √(pₒ(1 − pₒ) / (n(1 − pₑ)²)) (Cohen 1960) and a 95% interval κ ± 1.96·SE clipped to [−1, 1]. Kappa is
    /// undefined (null) when pₑ = 1, that is when both sides said the same thing of every row.
    /// </summary>
    public static AgreementTable Compute(string group, IReadOnlyList<Pair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var bothKeep = pairs.Count(p => p.JudgeKeep && p.HumanKeep);
        var judgeOnly = pairs.Count(p => p.JudgeKeep && !p.HumanKeep);
        var humanOnly = pairs.Count(p => !p.JudgeKeep && p.HumanKeep);
        var bothDrop = pairs.Count(p => !p.JudgeKeep && !p.HumanKeep);
        double n = pairs.Count;
        double? kappa = null;
        (double, double)? interval = null;
        var observed = n == 0 ? 0 : (bothKeep + bothDrop) / n;
        if (n > 0)
        {
            var expected = (((bothKeep + judgeOnly) * (double)(bothKeep + humanOnly)) + ((humanOnly + bothDrop) * (double)(judgeOnly + bothDrop))) / (n * n);
            if (expected < 1)
            {
                kappa = (observed - expected) / (1 - expected);
                var se = Math.Sqrt(observed * (1 - observed) / (n * (1 - expected) * (1 - expected)));
                interval = (Math.Max(-1, kappa.Value - (1.96 * se)), Math.Min(1, kappa.Value + (1.96 * se)));
            }
        }

        return new AgreementTable
        {
            Group = group,
            BothKeep = bothKeep,
            JudgeKeepHumanDrop = judgeOnly,
            JudgeDropHumanKeep = humanOnly,
            BothDrop = bothDrop,
            ObservedAgreement = observed,
            Kappa = kappa,
            Interval = interval,
            Disagreements = [.. pairs.Where(p => p.JudgeKeep != p.HumanKeep).Select(p => p.Key)],
        };
    }
}
