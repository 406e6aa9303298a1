using DataGen.Output.Reading;

namespace DataGen.Reporting;

/// <summary>Counts of kept rows per principle × value of one diversity axis.</summary>
public sealed record Coverage
{
    public required string Axis { get; init; }

    public required IReadOnlyList<string> Principles { get; init; }

    public required IReadOnlyList<string> Values { get; init; }

    /// <summary>Counts[principle index, value index].</summary>
    public required int[,] Counts { get; init; }

    /// <summary>Principles with at least one row.</summary>
    public int CoveredPrinciples => Enumerable.Range(0, Principles.Count).Count(p => Enumerable.Range(0, Values.Count).Any(v => Counts[p, v] > 0));

    /// <summary>Cells with no row: combinations the run never produced.</summary>
    public int EmptyCells => Counts.Cast<int>().Count(c => c == 0);

    /// <summary>Values past this many are folded into <see cref="Other"/> (the most frequent are kept).</summary>
    public const int MaxValues = 20;

    public const string Other = "(other)";

    /// <summary>
    /// Kept rows per principle × value of <paramref name="axis"/>. Every principle in <paramref name="principles"/>
    /// is a row even with no sample (the gap a reviewer looks for), in that order; at most <see cref="MaxValues"/>
    /// columns: the most frequent values, the rest as <see cref="Other"/>.
    /// </summary>
    public static Coverage Of(IReadOnlyList<RunRow> rows, string axis, IReadOnlyList<string> principles)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(principles);
        var all = principles.Concat(rows.Select(r => r.PrincipleId).Where(p => !principles.Contains(p)).Distinct().Order(StringComparer.Ordinal)).ToList();
        var frequency = rows.Select(r => r.Axes.GetValueOrDefault(axis)).OfType<string>().GroupBy(v => v, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var shown = frequency.Count <= MaxValues ? frequency.Select(g => g.Key).Order(StringComparer.Ordinal).ToList()
            : [.. frequency.Take(MaxValues - 1).Select(g => g.Key).Order(StringComparer.Ordinal), Other];
        var column = shown.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, StringComparer.Ordinal);
        var rowIndex = all.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        var counts = new int[all.Count, shown.Count];
        foreach (var row in rows)
        {
            if (row.Axes.GetValueOrDefault(axis) is { } value)
            {
                counts[rowIndex[row.PrincipleId], column.GetValueOrDefault(value, shown.Count - 1)]++;
            }
        }

        return new Coverage { Axis = axis, Principles = all, Values = shown, Counts = counts };
    }

    /// <summary>True for an axis that would cross principles with themselves (its values are principle ids).</summary>
    public static bool CrossesPrinciples(string axis, IReadOnlyList<RunRow> rows, IReadOnlyCollection<string> principles)
    {
        ArgumentNullException.ThrowIfNull(axis);
        ArgumentNullException.ThrowIfNull(rows);
        var values = rows.Select(r => r.Axes.GetValueOrDefault(axis)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return axis.Contains("principle", StringComparison.OrdinalIgnoreCase) || (values.Count > 0 && values.All(principles.Contains));
    }
}
