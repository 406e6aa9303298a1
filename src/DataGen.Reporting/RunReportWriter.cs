using System.Globalization;
using System.Text.Json.Nodes;
using DataGen.Output.Reading;

namespace DataGen.Reporting;

/// <summary>
/// <c>datagen report</c>: one self-contained HTML page (<c>report.html</c>, plots embedded) plus the same plots as
/// PNG files beside it. Sections: summary, funnel and drop reasons, judge scores, lengths, coverage, duplicate
/// clusters, tokens and cost. A section whose data the run lacks says so instead of drawing an empty chart.
/// </summary>
public static class RunReportWriter
{
    public const string FileName = "report.html";

    // verdicts: reviewers' current verdicts by review key, for the judge–human agreement section; null when the run has none.
    public static async Task<ReportFiles> WriteAsync(RunData run, string outputDirectory, CancellationToken cancellationToken, IReadOnlyDictionary<string, ReviewerVerdict>? verdicts = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(outputDirectory);
        var stats = RunStatistics.From(run);
        var images = new List<string>();
        var page = new HtmlPage($"DataGen run report: {stats.RunId}");
        async Task AddImageAsync(string name, byte[] png, string alt)
        {
            var path = Path.Combine(outputDirectory, name);
            await File.WriteAllBytesAsync(path, png, cancellationToken);
            images.Add(path);
            page.Image(name, png, alt);
        }

        if (stats.Simulated)
        {
            page.Paragraph("SIMULATED RUN: the content comes from the offline simulator, not a model. Figures show the pipeline's behaviour, not model quality.", "warn");
        }

        Summary(page, run, stats);

        page.Heading(2, "Funnel: counts per stage");
        var steps = stats.Kinds.SelectMany(k => k.Funnel.Select(f => f.Step)).Distinct().ToList();
        await AddImageAsync("funnel.png", ReportPlots.GroupedBars("Rows left after each stage", "stage", "rows", steps,
            [.. stats.Kinds.Select(k => (k.Kind, FunnelValues(k, steps)))]), "funnel");
        var drops = stats.Kinds.SelectMany(k => k.Drops.Select(d => (IReadOnlyList<string>)[k.Kind, d.Stage, d.Reason, Invariant(d.Count)])).ToList();
        if (drops.Count == 0)
        {
            page.Paragraph("Nothing was dropped.", "muted");
        }
        else
        {
            page.Table(["kind", "stage", "reason", "dropped"], drops);
        }

        page.Heading(2, "Judge scores");
        var scored = stats.Kinds.Where(k => k.ScoreHistograms.Count > 0).ToList();
        if (scored.Count == 0)
        {
            page.Paragraph("No judge scores in this run (no numeric judge_* columns).", "muted");
        }

        foreach (var kind in scored)
        {
            foreach (var histogram in kind.ScoreHistograms)
            {
                var name = histogram.Column.Replace(RunRow.ScorePrefix, string.Empty, StringComparison.Ordinal);
                var threshold = histogram.Column == ScoreHistogram.MeanColumn ? "keep: mean" : "keep: every criterion";
                await AddImageAsync($"scores-{kind.Kind}-{name}.png", ReportPlots.GroupedBars($"Judge scores: {kind.Kind}, {name}", "score", "rows", histogram.Bins,
                    [("kept", [.. histogram.Kept.Select(c => (double)c)]), ("rejected by the judge", [.. histogram.Rejected.Select(c => (double)c)])],
                    (histogram.ThresholdBin, $"{threshold} ≥ {HtmlPage.Number(histogram.Threshold)}")), $"judge scores of {kind.Kind}: {name}");
            }

            page.Table(["kind", "score", "rows", "mean", "min", "max"], kind.Scores.Where(s => s.Value.Count > 0).Select(s =>
                (IReadOnlyList<string>)[kind.Kind, s.Key, Invariant(s.Value.Count), HtmlPage.Number(s.Value.Average()), HtmlPage.Number(s.Value.Min()), HtmlPage.Number(s.Value.Max())]));
        }

        Agreement(page, run, verdicts);
        Stability(page, run);

        page.Heading(2, "Lengths (words)");
        await AddImageAsync("lengths.png", ReportPlots.Distributions("Length distribution of kept rows", "words",
            [.. stats.Kinds.Select(k => (k.Kind, (IReadOnlyList<double>)[.. k.Lengths.Select(l => (double)l)]))]), "lengths");
        page.Table(["kind", "rows", "mean", "median", "min", "max"], stats.Kinds.Select(k => (IReadOnlyList<string>)
            [k.Kind, Invariant(k.Rows), HtmlPage.Number(Math.Round(k.MeanLength, 1)), HtmlPage.Number(k.MedianLength), Invariant(k.Lengths.DefaultIfEmpty().Min()), Invariant(k.Lengths.DefaultIfEmpty().Max())]));

        page.Heading(2, "Coverage: principles × diversity axes");
        var principles = run.Samples.GroupBy(r => r.PrincipleId).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var kind in stats.Kinds)
        {
            foreach (var (axis, coverage) in kind.Coverage)
            {
                await AddImageAsync($"coverage-{kind.Kind}-{axis}.png", ReportPlots.Heatmap($"{kind.Kind}: principle × {axis}", coverage), $"coverage of {kind.Kind} by {axis}");
                page.Paragraph($"{kind.Kind} × {axis}: {coverage.Principles.Count} principles ({coverage.Principles.Count - coverage.CoveredPrinciples} with no row) × {coverage.Values.Count} values, {coverage.EmptyCells} empty cells.", "muted");
            }
        }

        if (principles.Count == 0)
        {
            page.Paragraph("No kept rows, so no coverage.", "muted");
        }

        page.Heading(2, "Duplicate clusters");
        if (stats.DuplicateClusterSizes.Count == 0)
        {
            page.Paragraph("No duplicate clusters in this run.", "muted");
        }
        else
        {
            var sizes = stats.DuplicateClusterSizes.GroupBy(s => s).OrderBy(g => g.Key).ToList();
            await AddImageAsync("duplicates.png", ReportPlots.GroupedBars($"Duplicate cluster sizes ({stats.DuplicateSource})", "cluster size", "clusters",
                [.. sizes.Select(g => Invariant(g.Key))], [("clusters", [.. sizes.Select(g => (double)g.Count())])]), "duplicate cluster sizes");
            page.Paragraph($"{stats.DuplicateClusterSizes.Count} clusters from {stats.DuplicateSource}; largest has {stats.DuplicateClusterSizes[0]} rows.");
        }

        page.Heading(2, "Tokens and cost");
        await AddImageAsync("tokens.png", ReportPlots.GroupedBars("Tokens per kind", "kind", "tokens", [.. stats.Kinds.Select(k => k.Kind)],
            [("input", [.. stats.Kinds.Select(k => (double)k.Tokens.Input)]), ("output", [.. stats.Kinds.Select(k => (double)k.Tokens.Output)])]), "tokens");
        page.Table(["kind", "input tokens", "output tokens", "calls"], stats.Kinds.Select(k => (IReadOnlyList<string>)[k.Kind, Invariant(k.Tokens.Input), Invariant(k.Tokens.Output), Invariant(k.Tokens.Calls)]));
        if (stats.Cost.Count == 0)
        {
            page.Paragraph("The manifest records no cost.", "muted");
        }
        else
        {
            page.Table(["manifest field", "value"], stats.Cost.Select(c => (IReadOnlyList<string>)[c.Path, c.Value]));
        }

        var html = Path.Combine(outputDirectory, FileName);
        await File.WriteAllTextAsync(html, page.ToString(), cancellationToken);
        return new ReportFiles(html, images);
    }

    private static void Agreement(HtmlPage page, RunData run, IReadOnlyDictionary<string, ReviewerVerdict>? verdicts)
    {
        page.Heading(2, "Judge–human agreement");
        var tables = verdicts is null ? [] : JudgeAgreement.Tables(JudgeAgreement.PairsOf(run, verdicts));
        if (tables.Count == 0)
        {
            page.Paragraph("No reviewer verdict (accepted or rejected, on the current text) on a row the judge decided: review with `datagen review` to measure agreement.", "muted");
            return;
        }

        page.Paragraph("Judge keep decision (kept row, or dropped by the judge) against reviewers' current verdicts, for all rows, per kind, per criterion and per gate; flagged and stale verdicts are left out. Kappa is Cohen's, with a 95% interval.", "muted");
        page.Table(["group", "rows", "both keep", "judge keeps, reviewer rejects", "judge drops, reviewer accepts", "both drop", "agreement", "kappa", "95% interval"],
            tables.Select(t => (IReadOnlyList<string>)[t.Group, Invariant(t.Count), Invariant(t.BothKeep), Invariant(t.JudgeKeepHumanDrop), Invariant(t.JudgeDropHumanKeep), Invariant(t.BothDrop),
                Three(t.ObservedAgreement), t.Kappa is { } k ? Three(k) : "undefined",
                t.Interval is { } i ? $"{Three(i.Low)} to {Three(i.High)}" : "-"]));
        var disagreements = tables[0].Disagreements;
        page.Paragraph(disagreements.Count == 0 ? "No row where judge and reviewer disagree." : $"Rows where they disagree ({disagreements.Count}): {string.Join(", ", disagreements.Take(50))}{(disagreements.Count > 50 ? ", ..." : "")}");
        var voted = tables.Where(t => t.Group.Contains("criterion ", StringComparison.Ordinal) || t.Group.Contains("gate ", StringComparison.Ordinal)).Where(t => t.Disagreements.Count > 0).ToList();
        if (voted.Count > 0)
        {
            page.Paragraph("For a criterion the judge's side is that criterion's own verdict (its score at least its minimum); for a gate, the gate's answer.", "muted");
            page.Table(["group", "rows where they disagree"], voted.Select(t => (IReadOnlyList<string>)[t.Group,
                $"{t.Disagreements.Count}: {string.Join(", ", t.Disagreements.Take(20))}{(t.Disagreements.Count > 20 ? ", ..." : "")}"]));
        }
    }

    private static void Stability(HtmlPage page, RunData run)
    {
        var kinds = JudgeStability.FromManifest(run.Manifest);
        if (kinds.Count == 0)
        {
            return;
        }

        page.Heading(2, "Re-judge stability");
        page.Paragraph("A seeded sample of judged rows was judged a second time (quality.judge.stability; its own request, never replayed from the response store). The first verdict stands; these count how often the second differed.", "muted");
        page.Table(["kind", "re-judged", "second unparseable", "keep decision flips", "share", "rows with any score changed"],
            kinds.Select(k => (IReadOnlyList<string>)[k.Kind, Invariant(k.JudgedTwice), Invariant(k.SecondUnparseable), Invariant(k.KeepFlips),
                k.KeepFlipShare is { } share ? Three(share) : "-", Invariant(k.AnyScoreFlip)]));
        page.Table(["kind", "criterion or gate", "rows changed", "of re-judged"],
            kinds.SelectMany(k => k.ScoreFlips.Select(f => (IReadOnlyList<string>)[k.Kind, f.Key, Invariant(f.Value), Invariant(k.JudgedTwice)])
                .Concat(k.GateFlips.Select(f => (IReadOnlyList<string>)[k.Kind, $"gate {f.Key}", Invariant(f.Value), Invariant(k.JudgedTwice)]))));
    }

    private static string Three(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static void Summary(HtmlPage page, RunData run, RunStatistics stats)
    {
        var manifest = run.Manifest;
        page.Table(["field", "value"],
        [
            ["run id", stats.RunId],
            ["status", manifest["status"]?.ToString() ?? "unknown"],
            ["provider / model", $"{manifest["provider"]?["name"]} / {manifest["provider"]?["model"]}"],
            ["constitution", $"{manifest["constitution"]?["title"]} (sha256 {Short(manifest["constitution"]?["sha256"])})"],
            ["started", manifest["startedAt"]?.ToString() ?? "?"],
            ["simulated", stats.Simulated ? "yes" : "no"],
            ["folder", run.Directory],
        ]);
        page.Table(["kind", "requested", "rows", "rejected"], stats.Kinds.Select(k => (IReadOnlyList<string>)[k.Kind, Invariant(k.Requested), Invariant(k.Rows), Invariant(k.Rejected)]));
        if (manifest["prompts"] is JsonArray prompts)
        {
            page.Table(["kind", "step", "prompt id"], prompts.Select(p => (IReadOnlyList<string>)[p?["kind"]?.ToString() ?? "", p?["step"]?.ToString() ?? "", p?["id"]?.ToString() ?? ""]));
        }
    }

    private static List<double> FunnelValues(KindStatistics kind, IReadOnlyList<string> steps)
    {
        // A stage this kind did not run passes everything on: it shows the count of the step before it.
        var values = new List<double>();
        var last = 0.0;
        foreach (var step in steps)
        {
            var match = kind.Funnel.Where(f => f.Step == step).Select(f => (double?)f.Count).FirstOrDefault();
            last = match ?? last;
            values.Add(last);
        }

        return values;
    }

    private static string Short(JsonNode? sha) => sha?.ToString() is { Length: > 12 } s ? s[..12] : sha?.ToString() ?? "?";

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
