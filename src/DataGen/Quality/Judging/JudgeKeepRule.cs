using System.Globalization;
using DataGen.Configuration;

namespace DataGen.Quality.Judging;

/// <summary>
/// The keep rule, in code and not in the prompt: every criterion at least <c>minScore</c> (else
/// <c>judge_low_score</c>) and the mean at least <c>minMean</c> (else <c>judge_low_mean</c>).
/// </summary>
public static class JudgeKeepRule
{
    public static (bool Keep, string? Reason, string? Detail) Decide(JudgeVerdict verdict, JudgeThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(thresholds);
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
        return verdict.Mean >= thresholds.MinMean - margin && verdict.Min >= thresholds.MinScore - 1;
    }
}
