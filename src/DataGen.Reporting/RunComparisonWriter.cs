using System.Text.Json.Nodes;

namespace DataGen.Reporting;

/// <summary>
/// <c>datagen compare</c>: two runs side by side (<c>compare.html</c> plus PNGs), so a prompt edit's effect on
/// counts, rejects, lengths, judge scores and coverage is visible at a glance. A is the baseline, B the change.
/// </summary>
public static class RunComparisonWriter
{
    public const string FileName = "compare.html";

    public static async Task<ReportFiles> WriteAsync(RunData a, RunData b, string outputDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Directory.CreateDirectory(outputDirectory);
        var sa = RunStatistics.From(a);
        var sb = RunStatistics.From(b);
        var images = new List<string>();
        var page = new HtmlPage($"DataGen comparison: A {sa.RunId} vs B {sb.RunId}");
        async Task AddImageAsync(string name, byte[] png, string alt)
        {
            var path = Path.Combine(outputDirectory, name);
            await File.WriteAllBytesAsync(path, png, cancellationToken);
            images.Add(path);
            page.Image(name, png, alt);
        }

        if (sa.Simulated || sb.Simulated)
        {
            page.Paragraph("At least one run is SIMULATED: its content comes from the offline simulator, not a model.", "warn");
        }

        page.Table(["", "A", "B"],
        [
            ["folder", a.Directory, b.Directory],
            ["run id", sa.RunId, sb.RunId],
            ["model", a.Manifest["provider"]?["model"]?.ToString() ?? "?", b.Manifest["provider"]?["model"]?.ToString() ?? "?"],
        ]);

        page.Heading(2, "Prompts");
        page.Table(["kind / step", "A prompt id", "B prompt id", "changed"], PromptRows(a.Manifest, b.Manifest));

        var kinds = sa.Kinds.Select(k => k.Kind).Union(sb.Kinds.Select(k => k.Kind)).ToList();
        page.Heading(2, "Counts, rejects and lengths");
        page.Table(["kind", "figure", "A", "B", "B − A"], kinds.SelectMany(k => FigureRows(k, Find(sa, k), Find(sb, k))));

        page.Heading(2, "Drops per stage and reason");
        var reasons = Drops(sa).Keys.Union(Drops(sb).Keys).Order().ToList();
        if (reasons.Count == 0)
        {
            page.Paragraph("Neither run dropped anything.", "muted");
        }
        else
        {
            page.Table(["kind / stage / reason", "A", "B", "B − A"], reasons.Select(r => Row(r, Drops(sa).GetValueOrDefault(r), Drops(sb).GetValueOrDefault(r))));
            await AddImageAsync("rejects.png", ReportPlots.GroupedBars("Drops per reason", "kind / stage / reason", "rows", reasons,
                [("A", [.. reasons.Select(r => (double)Drops(sa).GetValueOrDefault(r))]), ("B", [.. reasons.Select(r => (double)Drops(sb).GetValueOrDefault(r))])]), "drops per reason");
        }

        page.Heading(2, "Judge scores");
        var scoreKeys = kinds.SelectMany(k => (Find(sa, k)?.Scores.Keys ?? []).Union(Find(sb, k)?.Scores.Keys ?? []).Select(c => (Kind: k, Column: c))).Distinct().ToList();
        if (scoreKeys.Count == 0)
        {
            page.Paragraph("No judge scores in either run.", "muted");
        }
        else
        {
            double Mean(RunStatistics s, (string Kind, string Column) key) => Find(s, key.Kind)?.MeanScore(key.Column) ?? 0;
            string Interval(RunStatistics s, (string Kind, string Column) key) => MeanInterval(Find(s, key.Kind)?.Scores.GetValueOrDefault(key.Column) ?? []);
            page.Paragraph("Means with a 95% interval (mean ± 1.96 · sd / √n) and n: a difference inside both intervals is not evidence of a change.", "muted");
            page.Table(["kind / score", "A mean", "A 95% interval (n)", "B mean", "B 95% interval (n)", "B − A"], scoreKeys.Select(key => (IReadOnlyList<string>)
                [$"{key.Kind} / {key.Column}", HtmlPage.Number(Mean(sa, key)), Interval(sa, key), HtmlPage.Number(Mean(sb, key)), Interval(sb, key), HtmlPage.Number(Mean(sb, key) - Mean(sa, key))]));
            await AddImageAsync("scores.png", ReportPlots.GroupedBars("Mean judge scores", "kind / score", "mean", [.. scoreKeys.Select(k => $"{k.Kind}/{k.Column}")],
                [("A", [.. scoreKeys.Select(k => Mean(sa, k))]), ("B", [.. scoreKeys.Select(k => Mean(sb, k))])]), "mean judge scores");
        }

        page.Heading(2, "Coverage: principles × axes");
        foreach (var kind in kinds)
        {
            foreach (var axis in (Find(sa, kind)?.Coverage.Keys ?? []).Union(Find(sb, kind)?.Coverage.Keys ?? []).Order(StringComparer.Ordinal).Take(2))
            {
                foreach (var (label, stats) in new[] { ("A", sa), ("B", sb) })
                {
                    if (Find(stats, kind)?.Coverage.GetValueOrDefault(axis) is { } coverage)
                    {
                        await AddImageAsync($"coverage-{label}-{kind}-{axis}.png", ReportPlots.Heatmap($"{label}: {kind}, principle × {axis}", coverage), $"coverage of {kind} by {axis} in {label}");
                    }
                }
            }
        }

        page.Heading(2, "Same seed, before and after");
        var changed = ChangedTexts(a, b);
        if (changed.Count == 0)
        {
            page.Paragraph("No row id is in both runs with a different text.", "muted");
        }
        else
        {
            page.Paragraph($"{changed.Count} row ids are in both runs with different texts; the first {Math.Min(changed.Count, ChangedShown)} (opening {ExcerptLength} characters):", "muted");
            page.Table(["kind / id", "A", "B"], changed.Take(ChangedShown).Select(c => (IReadOnlyList<string>)[$"{c.Kind} / {c.Id}", Excerpt(c.Before), Excerpt(c.After)]));
        }

        page.Heading(2, "Length distributions");
        foreach (var kind in kinds)
        {
            await AddImageAsync($"lengths-{kind}.png", ReportPlots.Distributions($"Lengths: {kind}", "words",
            [
                ("A", [.. (Find(sa, kind)?.Lengths ?? []).Select(l => (double)l)]),
                ("B", [.. (Find(sb, kind)?.Lengths ?? []).Select(l => (double)l)]),
            ]), $"lengths of {kind}");
        }

        var html = Path.Combine(outputDirectory, FileName);
        await File.WriteAllTextAsync(html, page.ToString(), cancellationToken);
        return new ReportFiles(html, images);
    }

    private const int ChangedShown = 20;
    private const int ExcerptLength = 600;

    private static string Excerpt(string text) => text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";

    /// <summary>Kept rows whose id is in both runs and whose content differs: the same seed before and after a change.</summary>
    internal static List<(string Kind, string Id, string Before, string After)> ChangedTexts(RunData a, RunData b)
    {
        var before = a.Samples.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. b.Samples.Where(r => before.TryGetValue(r.Id, out var old) && old.ContentHash != r.ContentHash)
            .Select(r => (r.Kind, r.Id, before[r.Id].Text, r.Text))];
    }

    /// <summary>A mean's 95% interval, mean ± 1.96 · sd / √n, with n; "-" with fewer than two values.</summary>
    internal static string MeanInterval(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return $"- (n={values.Count})";
        }

        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var half = 1.96 * sd / Math.Sqrt(values.Count);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{mean - half:0.00} to {mean + half:0.00} (n={values.Count})");
    }

    private static KindStatistics? Find(RunStatistics stats, string kind) => stats.Kinds.FirstOrDefault(k => k.Kind == kind);

    private static Dictionary<string, long> Drops(RunStatistics stats) =>
        stats.Kinds.SelectMany(k => k.Drops.Select(d => ($"{k.Kind} / {d.Stage} / {d.Reason}", d.Count)))
            .GroupBy(d => d.Item1).ToDictionary(g => g.Key, g => g.Sum(d => d.Count), StringComparer.Ordinal);

    private static IEnumerable<IReadOnlyList<string>> FigureRows(string kind, KindStatistics? a, KindStatistics? b)
    {
        yield return Row($"{kind}", "rows", a?.Rows ?? 0, b?.Rows ?? 0);
        yield return Row($"{kind}", "rejected", a?.Rejected ?? 0, b?.Rejected ?? 0);
        yield return Row($"{kind}", "mean words", Math.Round(a?.MeanLength ?? 0, 1), Math.Round(b?.MeanLength ?? 0, 1));
        yield return Row($"{kind}", "median words", a?.MedianLength ?? 0, b?.MedianLength ?? 0);
        yield return Row($"{kind}", "principles covered", a?.Coverage.Values.FirstOrDefault()?.CoveredPrinciples ?? 0, b?.Coverage.Values.FirstOrDefault()?.CoveredPrinciples ?? 0);
        yield return Row($"{kind}", "empty coverage cells", a?.Coverage.Values.Sum(c => c.EmptyCells) ?? 0, b?.Coverage.Values.Sum(c => c.EmptyCells) ?? 0);
    }

    private static IReadOnlyList<string> Row(string kind, string figure, double a, double b) =>
        [kind, figure, HtmlPage.Number(a), HtmlPage.Number(b), HtmlPage.Number(b - a)];

    private static IReadOnlyList<string> Row(string label, double a, double b) =>
        [label, HtmlPage.Number(a), HtmlPage.Number(b), HtmlPage.Number(b - a)];

    private static IEnumerable<IReadOnlyList<string>> PromptRows(JsonObject a, JsonObject b)
    {
        static Dictionary<string, string> Ids(JsonObject manifest) => (manifest["prompts"] as JsonArray ?? [])
            .Select(p => ($"{p?["kind"]} / {p?["step"]}", p?["id"]?.ToString() ?? "?"))
            .GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal);
        var ia = Ids(a);
        var ib = Ids(b);
        foreach (var key in ia.Keys.Union(ib.Keys).Order(StringComparer.Ordinal))
        {
            var pa = ia.GetValueOrDefault(key, "-");
            var pb = ib.GetValueOrDefault(key, "-");
            yield return [key, pa, pb, pa == pb ? "no" : "yes"];
        }
    }
}
