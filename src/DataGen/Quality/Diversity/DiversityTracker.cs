using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Output;
using DataGen.Quality.Judging;
using DataGen.Seeds;

namespace DataGen.Quality.Diversity;

/// <summary>
/// Diversity figures of one kind's kept rows: distinct word 1/2/3-gram ratios (distinct-n), coverage of the
/// constitution's principles and of each diversity axis's values, and judge score distributions. Memory: one 64-bit
/// hash per distinct n-gram.
/// </summary>
public sealed class DiversityTracker
{
    // Sketches, not sets: memory stays fixed however many samples a run writes.
    private readonly DistinctCountSketch[] _distinct = [new(), new(), new()];
    private readonly long[] _total = new long[3];
    private readonly HashSet<string> _principles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _axes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _planned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _scores = new(StringComparer.Ordinal);
    private readonly List<double> _means = [];
    private readonly int _principleCount;
    private readonly IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> _axisValues;
    private readonly Lock _lock = new();

    public DiversityTracker(int principleCount, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> axisValues)
    {
        _principleCount = principleCount;
        _axisValues = axisValues;
    }

    public static DiversityTracker For(KindOptions options, int principleCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DiversityTracker(principleCount, options.CoverageAxes);
    }

    /// <summary>Records a planned seed's axis values: the totals of axes whose values come from model-made lists.</summary>
    public void Plan(Seed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        Plan(seed.Axes);
    }

    /// <summary>
    /// Records a planned seed's axis values by themselves: the sharded finalize reads them back from the plan file, so
    /// both executors total the axes through this one method.
    /// </summary>
    public void Plan(IReadOnlyDictionary<string, string> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        lock (_lock)
        {
            foreach (var (axis, value) in axes)
            {
                if (!_planned.TryGetValue(axis, out var values))
                {
                    _planned[axis] = values = new HashSet<string>(StringComparer.Ordinal);
                }

                values.Add(value);
            }
        }
    }

    public void Add(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var words = WordHashes.Of(TextNormalizer.Normalize(sample.Content));
        lock (_lock)
        {
            var grams = words.Unigrams();
            for (var n = 1; n <= 3; n++)
            {
                var count = n == 1 ? words.Count : words.Extend(grams, n);
                for (var i = 0; i < count; i++)
                {
                    _distinct[n - 1].Add(grams[i]);
                }

                _total[n - 1] += count;
            }

            _principles.Add(sample.Seed.Principle.Id);
            foreach (var (axis, value) in sample.Seed.Axes)
            {
                if (!_axes.TryGetValue(axis, out var values))
                {
                    _axes[axis] = values = new HashSet<string>(StringComparer.Ordinal);
                }

                values.Add(value);
            }

            if (sample.Quality.Verdict is { } verdict)
            {
                foreach (var (criterion, score) in verdict.Scores)
                {
                    if (!_scores.TryGetValue(criterion, out var histogram))
                    {
                        _scores[criterion] = histogram = new long[5];
                    }

                    histogram[Math.Clamp(score, 1, 5) - 1]++;
                }

                _means.Add(verdict.Mean);
            }
        }
    }

    // Configured axes: values covered of those configured. Axes whose values come from model-made lists (document types,
    // advice principles): values covered of those planned; total 0 only when no plan was recorded (an open list).
    private Dictionary<string, ManifestCoverage> AxisCoverage()
    {
        var coverage = _axisValues.ToDictionary(
            a => a.Key,
            a => new ManifestCoverage(_axes.TryGetValue(a.Key, out var seen) ? seen.Count(a.Value.Contains) : 0, a.Value.Distinct(StringComparer.Ordinal).Count()),
            StringComparer.Ordinal);
        foreach (var (axis, seen) in _axes)
        {
            coverage.TryAdd(axis, _planned.TryGetValue(axis, out var planned)
                ? new ManifestCoverage(seen.Count(planned.Contains), planned.Count)
                : new ManifestCoverage(seen.Count, 0));
        }

        foreach (var (axis, planned) in _planned)
        {
            coverage.TryAdd(axis, new ManifestCoverage(0, planned.Count));
        }

        return coverage;
    }

    public ManifestDiversity ToManifest()
    {
        lock (_lock)
        {
            double Ratio(int n) => _total[n] == 0 ? 0 : Math.Round(Math.Min(1.0, (double)_distinct[n].Estimate() / _total[n]), 4);
            return new ManifestDiversity
            {
                DistinctNgramRatio = new Dictionary<string, double> { ["1"] = Ratio(0), ["2"] = Ratio(1), ["3"] = Ratio(2) },
                PrincipleCoverage = new ManifestCoverage(_principles.Count, _principleCount),
                AxisCoverage = AxisCoverage(),
                JudgeScores = JudgeRubric.Criteria.Where(c => _scores.ContainsKey(c.Name)).ToDictionary(c => c.Name, c => (IReadOnlyList<long>)[.. _scores[c.Name]], StringComparer.Ordinal),
                JudgeMeanAverage = _means.Count == 0 ? null : Math.Round(_means.Average(), 3),
            };
        }
    }
}
