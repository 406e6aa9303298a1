using System.Globalization;
using DataGen.Configuration;

namespace DataGen.Quality.Judging;

/// <summary>
/// The keep rule, in code and not in the prompt, first failure wins: every gate passed (else
/// <c>judge_gate:&lt;name&gt;</c>, the failing sentence as detail); each criterion with its own minimum at least that
/// (else <c>judge_min:&lt;criterion&gt;</c>); every criterion at least <c>minScore</c> (else <c>judge_low_score</c>); the
/// mean at least <c>minMean</c> (else <c>judge_low_mean</c>).
/// </summary>
public static class JudgeKeepRule
{
    public static (bool Keep, string? Reason, string? Detail) Decide(JudgeVerdict verdict, JudgeThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(thresholds);
        foreach (var (gate, sentence) in verdict.Gates)
        {
            if (sentence is not null)
            {
                return (false, JudgeGates.Reason(gate), sentence.Length == 0 ? "failed (no sentence quoted)" : $"failed at: {sentence}");
            }
        }

        foreach (var (criterion, minimum) in thresholds.MinScores.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (verdict.Scores.TryGetValue(criterion, out var score) && score < minimum)
            {
                return (false, $"judge_min:{criterion}", $"{criterion}={score} below {minimum}");
            }
        }

        var low = verdict.Scores.Where(s => s.Value < thresholds.MinScore).Select(s => $"{s.Key}={s.Value}").ToList();
        if (low.Count > 0)
        {
            return (false, "judge_low_score", $"{string.Join(", ", low)} below {thresholds.MinScore}");
        }

        return verdict.Mean < thresholds.MinMean
            ? (false, "judge_low_mean", string.Create(CultureInfo.InvariantCulture, $"mean {verdict.Mean:0.00} below {thresholds.MinMean:0.00}"))
            : (true, null, null);
    }

    /// <summary>Worth one critique-and-revise attempt: close to the mean threshold and nothing far below the floor.</summary>
    public static bool IsBorderline(JudgeVerdict verdict, JudgeThresholds thresholds, double margin)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(thresholds);
        // A failed gate is not borderline: rewording does not fix approving of deception.
        return verdict.Gates.Values.All(s => s is null) && verdict.Mean >= thresholds.MinMean - margin && verdict.Min >= thresholds.MinScore - 1;
    }
}
