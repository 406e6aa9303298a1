namespace DataGen.Reporting;

/// <summary>Counts of kept rows per principle × value of one diversity axis.</summary>
public sealed record Coverage
{
    public required string Axis { get; init; }

    public required IReadOnlyList<string> Principles { get; init; }

    public required IReadOnlyList<string> Values { get; init; }

    /// <summary>Counts[principle index, value index].</summary>
    public required int[,] Counts { get; init; }

    /// <summary>Cells with no row: combinations the run never produced.</summary>
    public int EmptyCells => Counts.Cast<int>().Count(c => c == 0);

    internal static Coverage Of(IReadOnlyList<RunRow> rows, string axis)
    {
        var principles = rows.Select(r => r.PrincipleId).Distinct().Order(StringComparer.Ordinal).ToList();
        var values = rows.Select(r => r.Axes.GetValueOrDefault(axis)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var counts = new int[principles.Count, values.Count];
        foreach (var row in rows)
        {
            if (row.Axes.GetValueOrDefault(axis) is { } value)
            {
                counts[principles.IndexOf(row.PrincipleId), values.IndexOf(value)]++;
            }
        }

        return new Coverage { Axis = axis, Principles = principles, Values = values, Counts = counts };
    }
}
