using DataGen.Reporting;

namespace DataGen.Review;

/// <summary>
/// The samples a review serves: the run's kept rows and its pipeline rejects, each under a unique key (the row id),
/// with filtering and the facet values the page offers.
/// </summary>
public sealed class ReviewCatalog
{
    private readonly Dictionary<string, RunRow> _byKey = new(StringComparer.Ordinal);
    private readonly List<(string Key, RunRow Row)> _entries = [];

    public ReviewCatalog(RunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Run = run;
        foreach (var row in run.Samples.Concat(run.Rejects))
        {
            var key = row.Id;
            for (var n = 2; _byKey.ContainsKey(key); n++)
            {
                key = $"{row.Id}~{n}";
            }

            _byKey[key] = row;
            _entries.Add((key, row));
        }
    }

    public RunData Run { get; }

    public int Count => _entries.Count;

    public RunRow? Find(string key) => _byKey.GetValueOrDefault(key);

    public IEnumerable<(string Key, RunRow Row)> Filter(ReviewQuery query, IReadOnlyDictionary<string, Verdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(verdicts);
        var axis = query.Axis?.Split('=', 2);
        foreach (var (key, row) in _entries)
        {
            var verdict = verdicts.GetValueOrDefault(key);
            var keep = (query.Kind is null || row.Kind == query.Kind)
                && (query.Principle is null || row.PrincipleId == query.Principle)
                && (axis is not { Length: 2 } || row.Axes.GetValueOrDefault(axis[0]) == axis[1])
                && query.Status switch
                {
                    null => true,
                    "kept" => !row.IsReject,
                    "rejected" => row.IsReject,
                    var reason => row.IsReject && row.Reason == reason,
                }
                && query.Verdict switch
                {
                    null => true,
                    "unreviewed" => verdict is null,
                    var value => verdict?.Value == value,
                }
                && InRange(row, query);
            if (keep)
            {
                yield return (key, row);
            }
        }
    }

    /// <summary>Values the page's filters offer.</summary>
    public object Facets() => new
    {
        kinds = Run.Kinds.Union(Run.Rejects.Select(r => r.Kind)).Distinct().ToList(),
        principles = _entries.Select(e => e.Row.PrincipleId).Distinct().Order(StringComparer.Ordinal).ToList(),
        axes = _entries.SelectMany(e => e.Row.Axes.Select(a => $"{a.Key}={a.Value}")).Distinct().Order(StringComparer.Ordinal).ToList(),
        reasons = Run.Rejects.Select(r => r.Reason ?? "?").Distinct().Order(StringComparer.Ordinal).ToList(),
        scores = Run.ScoreColumns,
        verdicts = Verdict.Values,
        simulated = Run.Simulated,
        runId = Run.RunId,
    };

    private static bool InRange(RunRow row, ReviewQuery query)
    {
        if (query.ScoreColumn is null || (query.MinScore is null && query.MaxScore is null))
        {
            return true;
        }

        return row.Number(query.ScoreColumn) is { } score && score >= (query.MinScore ?? double.MinValue) && score <= (query.MaxScore ?? double.MaxValue);
    }
}
