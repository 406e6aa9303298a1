using System.Globalization;
using ScottPlot;

namespace DataGen.Reporting;

/// <summary>
/// Renders the report's charts as PNG bytes with ScottPlot (SkiaSharp underneath, fonts from the system). Each method
/// takes plain figures, so the report and the comparison share them.
/// </summary>
public static class ReportPlots
{
    public const int Width = 900;
    public const int Height = 480;

    /// <summary>Bars grouped by category, one colour per series (funnels, score histograms, tokens, A/B figures).</summary>
    public static byte[] GroupedBars(
        string title, string xLabel, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series,
        (int Category, string Label)? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, xLabel, yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        var groupWidth = series.Count + 1;
        var bars = new List<Bar>();
        for (var s = 0; s < series.Count; s++)
        {
            for (var c = 0; c < categories.Count; c++)
            {
                var value = c < series[s].Values.Count ? series[s].Values[c] : 0;
                bars.Add(new Bar
                {
                    Position = (c * groupWidth) + s,
                    Value = value,
                    FillColor = palette.GetColor(s),
                    Label = series.Count == 1 ? Format(value) : string.Empty,
                });
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = palette.GetColor(s) });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 11;
        var ticks = categories.Select((c, i) => new Tick((i * groupWidth) + ((series.Count - 1) / 2.0), Shorten(c))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        if (categories.Count > 6 || categories.Any(c => c.Length > 12))
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 120;
        }

        if (threshold is { } line)
        {
            // Drawn in the gap before the first passing category: rows left of it are below the keep threshold.
            var marker = plot.Add.VerticalLine((line.Category * groupWidth) - ((groupWidth - series.Count + 1) / 2.0), 2, Colors.Red, LinePattern.Dashed);
            marker.LegendText = line.Label;
        }

        plot.Axes.Margins(bottom: 0, top: 0.15);
        if (series.Count > 1 || threshold is not null)
        {
            // Beside the plot, never over the bars.
            plot.ShowLegend(Edge.Right);
        }

        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Distributions as step lines over shared bins: one line per series (lengths per kind, run A vs B).</summary>
    public static byte[] Distributions(string title, string xLabel, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, int bins = 20)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, xLabel, "share of rows (%)");
        var all = series.SelectMany(s => s.Values).ToList();
        var min = all.Count == 0 ? 0 : all.Min();
        var max = all.Count == 0 ? 1 : all.Max();
        var width = Math.Max((max - min) / bins, 1e-9);
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < series.Count; s++)
        {
            var counts = new double[bins];
            foreach (var value in series[s].Values)
            {
                counts[Math.Min(bins - 1, (int)((value - min) / width))]++;
            }

            var total = Math.Max(1, series[s].Values.Count);
            var xs = Enumerable.Range(0, bins).Select(i => min + ((i + 0.5) * width)).ToArray();
            var ys = counts.Select(c => 100.0 * c / total).ToArray();
            var line = plot.Add.Scatter(xs, ys, palette.GetColor(s));
            line.LegendText = $"{series[s].Name} (n={series[s].Values.Count})";
            line.LineWidth = 2;
            line.ConnectStyle = ConnectStyle.StepVertical;
        }

        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>A heat map of principles (rows, labelled by their ids, every one, zero rows included) × axis values (columns).</summary>
    public static byte[] Heatmap(string title, Coverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        var plot = NewPlot(title, coverage.Axis, "principle");
        var rows = coverage.Principles.Count;
        var columns = coverage.Values.Count;
        var data = new double[rows, columns];
        for (var p = 0; p < rows; p++)
        {
            for (var v = 0; v < columns; v++)
            {
                data[p, v] = coverage.Counts[p, v];
            }
        }

        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap).Label = "rows";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(coverage.Values.Select((v, i) => new Tick(i, Shorten(v))).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 140;

        // Row 0 is drawn at the top, so the tick for principle p sits at y = rows - 1 - p. Every principle gets its
        // label (the image grows with the rows), the same label in every plot.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, rows)
            .Select(p => new Tick(rows - 1 - p, PrincipleLabel(coverage.Principles[p]))).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        return plot.GetImageBytes(Width + 200, Math.Max(Height, 160 + (rows * 18)), ImageFormat.Png);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>A principle's label in every plot: its id, with the start elided when long (the end is the specific part).</summary>
    public static string PrincipleLabel(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Length <= 40 ? id : "…" + id[^39..];
    }

    private static string Shorten(string text) => text.Length <= 26 ? text : text[..25] + "…";

    private static string Format(double value) => value.ToString(value == Math.Floor(value) ? "0" : "0.##", CultureInfo.InvariantCulture);
}
