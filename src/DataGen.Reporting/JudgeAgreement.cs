namespace DataGen.Reporting;

/// <summary>
/// Agreement between reviewers' verdicts and the judge's keep decision. A row counts when the judge decided it (a kept
/// row with judge scores keeps; a reject from a judge gate drops) and a reviewer accepted or rejected it on the
/// content it holds now (flagged and stale verdicts do not count). Tables for all rows, per kind and per judge gate
/// (the stage that dropped; a kept row passed every gate, so it counts in each), with Cohen's kappa.
/// </summary>
public static class JudgeAgreement
{
    /// <summary>One decided, reviewed row.</summary>
    public sealed record Pair(string Key, string Kind, string? Gate, bool JudgeKeep, bool HumanKeep);

    /// <summary>True when a row's fate was the judge's: kept with scores, or dropped by a judge stage.</summary>
    public static bool IsJudgeDecided(bool isReject, string? stage, string? reason, bool hasScores) =>
        isReject
            ? (stage?.StartsWith("judge", StringComparison.Ordinal) ?? false) || (reason?.StartsWith("judge_", StringComparison.Ordinal) ?? false)
            : hasScores;

    /// <summary>The pairs of a run loaded in memory, with reviewers' current verdicts keyed as the review page keys rows.</summary>
    public static IReadOnlyList<Pair> PairsOf(RunData run, IReadOnlyDictionary<string, ReviewerVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(verdicts);
        var pairs = new List<Pair>();
        foreach (var (key, row) in run.ReviewKeys())
        {
            if (verdicts.GetValueOrDefault(key) is not { } verdict || verdict.Value is not ("accepted" or "rejected")
                || verdict.ContentHash != row.ContentHash || !IsJudgeDecided(row.IsReject, row.Stage, row.Reason, row.Scores.Count > 0))
            {
                continue;
            }

            pairs.Add(new Pair(key, row.Kind, row.IsReject ? row.Stage ?? row.Reason : null, !row.IsReject, verdict.Value == "accepted"));
        }

        return pairs;
    }

    /// <summary>Tables for all pairs, each kind and each gate; groups with no pair are left out.</summary>
    public static IReadOnlyList<AgreementTable> Tables(IReadOnlyList<Pair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var tables = new List<AgreementTable>();
        if (pairs.Count == 0)
        {
            return tables;
        }

        tables.Add(Compute("all", pairs));
        foreach (var kind in pairs.Select(p => p.Kind).Distinct().Order(StringComparer.Ordinal))
        {
            tables.Add(Compute($"kind {kind}", [.. pairs.Where(p => p.Kind == kind)]));
        }

        foreach (var gate in pairs.Select(p => p.Gate).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            tables.Add(Compute($"gate {gate}", [.. pairs.Where(p => p.Gate is null || p.Gate == gate)]));
        }

        return tables;
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
