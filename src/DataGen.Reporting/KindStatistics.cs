using System.Text.Json.Nodes;

namespace DataGen.Reporting;

/// <summary>One kind's figures in a <see cref="RunStatistics"/>.</summary>
public sealed record KindStatistics
{
    public required string Kind { get; init; }

    public required long Requested { get; init; }

    public required long Rows { get; init; }

    public required long Rejected { get; init; }

    /// <summary>The funnel: requested, then what each stage kept, in stage order.</summary>
    public required IReadOnlyList<(string Step, long Count)> Funnel { get; init; }

    /// <summary>Dropped counts per (stage, reason).</summary>
    public required IReadOnlyList<(string Stage, string Reason, long Count)> Drops { get; init; }

    /// <summary>Word counts of kept rows.</summary>
    public required IReadOnlyList<int> Lengths { get; init; }

    /// <summary>Judge scores of kept rows per score column; empty when the run has no judge.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<double>> Scores { get; init; }

    /// <summary>Judge-score histograms: each criterion, then the overall mean, kept and rejected rows, with the keep threshold.</summary>
    public required IReadOnlyList<ScoreHistogram> ScoreHistograms { get; init; }

    /// <summary>Per axis: principle id → axis value → kept rows; every principle of the run, in the run's order.</summary>
    public required IReadOnlyDictionary<string, Coverage> Coverage { get; init; }

    /// <summary>Input tokens, output tokens and calls; from the manifest, else summed from the rows.</summary>
    public required (long Input, long Output, long Calls) Tokens { get; init; }

    public double? MeanScore(string column) => Scores.TryGetValue(column, out var values) && values.Count > 0 ? values.Average() : null;

    public double MeanLength => Lengths.Count == 0 ? 0 : Lengths.Average();

    public double MedianLength => Lengths.Count == 0 ? 0 : Lengths.Order().ElementAt(Lengths.Count / 2);

    internal static KindStatistics From(RunData run, string kind, IReadOnlyList<string> principles)
    {
        var rows = run.Samples.Where(r => r.Kind == kind).ToList();
        var rejects = run.Rejects.Where(r => r.Kind == kind).ToList();
        var figures = run.Manifest["kinds"]?[kind];
        var requested = figures?["requested"]?.GetValue<long>() ?? rows.Count + rejects.Count;
        var stages = figures?["stages"] as JsonArray;
        var funnel = new List<(string, long)> { ("requested", requested) };
        var drops = new List<(string, string, long)>();
        if (stages is { Count: > 0 })
        {
            foreach (var stage in stages.OfType<JsonObject>())
            {
                var name = stage["stage"]?.GetValue<string>() ?? "?";
                funnel.Add((name, stage["kept"]?.GetValue<long>() ?? 0));
                if (stage["dropped"] is JsonObject dropped)
                {
                    drops.AddRange(dropped.Select(d => (name, d.Key, d.Value?.GetValue<long>() ?? 0)));
                }
            }
        }
        else
        {
            drops.AddRange(rejects.GroupBy(r => (r.Stage ?? "?", r.Reason ?? "?")).Select(g => (g.Key.Item1, g.Key.Item2, (long)g.Count())));
            var left = requested;
            foreach (var stage in drops.GroupBy(d => d.Item1))
            {
                left -= stage.Sum(d => d.Item3);
                funnel.Add((stage.Key, left));
            }
        }

        funnel.Add(("written", rows.Count));
        var tokens = figures?["tokens"] is JsonObject t
            ? (t["input"]?.GetValue<long>() ?? 0, t["output"]?.GetValue<long>() ?? 0, t["calls"]?.GetValue<long>() ?? 0)
            : (rows.Sum(r => (long)(r.Number("input_tokens") ?? 0)), rows.Sum(r => (long)(r.Number("output_tokens") ?? 0)), rows.Sum(r => (long)(r.Number("calls") ?? 0)));
        var scoreColumns = rows.SelectMany(r => r.Scores.Keys).Distinct().Order(StringComparer.Ordinal);
        return new KindStatistics
        {
            Kind = kind,
            Requested = requested,
            Rows = rows.Count,
            Rejected = rejects.Count,
            Funnel = funnel,
            Drops = drops,
            Lengths = [.. rows.Select(r => r.WordCount)],
            Scores = scoreColumns.ToDictionary(c => c, c => (IReadOnlyList<double>)[.. rows.Select(r => r.Scores.GetValueOrDefault(c, double.NaN)).Where(double.IsFinite)], StringComparer.Ordinal),
            Coverage = rows.SelectMany(r => r.Axes.Keys).Distinct().Order(StringComparer.Ordinal).Where(a => !Reporting.Coverage.CrossesPrinciples(a, rows, principles))
                .ToDictionary(a => a, a => Reporting.Coverage.Of(rows, a, principles), StringComparer.Ordinal),
            ScoreHistograms = ScoreHistogram.Of(rows, rejects, ScoreHistogram.ThresholdsOf(run.Manifest, kind)),
            Tokens = tokens,
        };
    }
}
