using System.Globalization;
using System.Text.Json.Nodes;
using DataGen.Output.Reading;

namespace DataGen.Reporting;

/// <summary>
/// What a judge-score plot draws: one bin per integer score for integer criteria (1..5 at least, so an unused score
/// shows as an empty bar), quarter-point bins for the overall mean, kept and judge-rejected rows as two series, and
/// the keep threshold of the run's config as the first bin that passes.
/// </summary>
public sealed record ScoreHistogram
{
    /// <summary>The score column (<c>judge_explains_why</c>, ...), or <see cref="MeanColumn"/> for the overall mean.</summary>
    public required string Column { get; init; }

    /// <summary>Bin labels: the lower edge of each bin.</summary>
    public required IReadOnlyList<string> Bins { get; init; }

    public required IReadOnlyList<int> Kept { get; init; }

    public required IReadOnlyList<int> Rejected { get; init; }

    /// <summary>The keep threshold (a row passes at or above it).</summary>
    public required double Threshold { get; init; }

    /// <summary>Index of the first bin at or above <see cref="Threshold"/>.</summary>
    public required int ThresholdBin { get; init; }

    /// <summary>The overall score: judge_mean where the row has it, else the mean of its criteria.</summary>
    public const string MeanColumn = "judge_mean";

    /// <summary>Per criterion (kept rows' columns, and rejects' where they carry it), then the overall mean.</summary>
    public static IReadOnlyList<ScoreHistogram> Of(IReadOnlyList<RunRow> kept, IReadOnlyList<RunRow> rejects, (int MinScore, double MinMean) thresholds)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(rejects);
        var judged = rejects.Where(r => JudgeAgreement.IsJudgeDecided(true, r.Stage, r.Reason, false)).ToList();
        var histograms = new List<ScoreHistogram>();
        var criteria = kept.SelectMany(r => r.Scores.Keys).Where(c => c != MeanColumn).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var column in criteria)
        {
            var keptScores = kept.Select(r => r.Number(column)).OfType<double>().ToList();
            var rejectScores = judged.Select(r => r.Number(column)).OfType<double>().ToList();
            histograms.Add(Integers(column, keptScores, rejectScores, thresholds.MinScore));
        }

        if (criteria.Count > 0 || judged.Any(r => r.Number(MeanColumn) is not null))
        {
            var keptMeans = kept.Select(r => Mean(r.Scores)).OfType<double>().ToList();
            var rejectMeans = judged.Select(r => Mean(r.Scores)).OfType<double>().ToList();
            histograms.Add(Quarters(keptMeans, rejectMeans, thresholds.MinMean));
        }

        return histograms;
    }

    /// <summary>The keep thresholds of a kind from the run's resolved config (defaults 2 and 3.5 when absent).</summary>
    public static (int MinScore, double MinMean) ThresholdsOf(JsonObject manifest, string kind)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(kind);
        var parts = kind.Split('_');
        var configName = parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        var node = manifest["config"]?["quality"]?["judge"]?[configName];
        var minScore = node?["minScore"] is JsonValue s && s.TryGetValue<int>(out var score) ? score : 2;
        var minMean = node?["minMean"] is JsonValue m && m.TryGetValue<double>(out var mean) ? mean : 3.5;
        return (minScore, minMean);
    }

    internal static double? Mean(IReadOnlyDictionary<string, double> scores) =>
        scores.TryGetValue(MeanColumn, out var mean) ? mean
        : scores.Count > 0 ? scores.Values.Average()
        : null;

    private static ScoreHistogram Integers(string column, List<double> kept, List<double> rejected, int threshold)
    {
        var all = kept.Concat(rejected).ToList();
        var low = (int)Math.Floor(Math.Min(1, all.DefaultIfEmpty(1).Min()));
        var high = (int)Math.Ceiling(Math.Max(5, all.DefaultIfEmpty(5).Max()));
        var bins = Enumerable.Range(low, high - low + 1).ToList();
        return new ScoreHistogram
        {
            Column = column,
            Bins = [.. bins.Select(b => b.ToString(CultureInfo.InvariantCulture))],
            Kept = [.. bins.Select(b => kept.Count(v => (int)Math.Floor(v) == b))],
            Rejected = [.. bins.Select(b => rejected.Count(v => (int)Math.Floor(v) == b))],
            Threshold = threshold,
            ThresholdBin = Math.Clamp(threshold - low, 0, bins.Count - 1),
        };
    }

    private static ScoreHistogram Quarters(List<double> kept, List<double> rejected, double threshold)
    {
        var all = kept.Concat(rejected).ToList();
        var low = Math.Floor(Math.Min(1, all.DefaultIfEmpty(1).Min()));
        var high = Math.Ceiling(Math.Max(5, all.DefaultIfEmpty(5).Max()));
        var count = (int)((high - low) * 4) + 1;
        int Bin(double v) => Math.Clamp((int)Math.Floor((v - low) * 4), 0, count - 1);
        return new ScoreHistogram
        {
            Column = MeanColumn,
            Bins = [.. Enumerable.Range(0, count).Select(i => (low + (i / 4.0)).ToString("0.##", CultureInfo.InvariantCulture))],
            Kept = [.. Enumerable.Range(0, count).Select(i => kept.Count(v => Bin(v) == i))],
            Rejected = [.. Enumerable.Range(0, count).Select(i => rejected.Count(v => Bin(v) == i))],
            Threshold = threshold,
            ThresholdBin = Math.Clamp((int)Math.Ceiling((threshold - low) * 4), 0, count - 1),
        };
    }
}
