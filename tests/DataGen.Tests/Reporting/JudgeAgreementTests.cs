using DataGen.Reporting;
using DataGen.Review;
using DataGen.Tests.Review;
using DataGen.Tests.Support;

namespace DataGen.Tests.Reporting;

public sealed class JudgeAgreementTests
{
    // Planted table: 20 both keep, 5 judge keeps / reviewer rejects, 10 judge drops / reviewer accepts, 15 both drop.
    // By hand: n = 50, po = 35/50 = 0.7; judge keeps 25, reviewer keeps 30, so pe = (25·30 + 25·20)/50² = 0.5;
    // kappa = (0.7 − 0.5)/(1 − 0.5) = 0.4; SE = √(0.7·0.3/(50·0.5²)) = √0.0168 = 0.129615; 95% interval
    // 0.4 ± 1.96·0.129615 = 0.145955 to 0.654045.
    private static IReadOnlyList<JudgeAgreement.Pair> Planted() =>
    [
        .. Enumerable.Range(0, 20).Select(i => new JudgeAgreement.Pair($"a{i}", "stories", null, true, true)),
        .. Enumerable.Range(0, 5).Select(i => new JudgeAgreement.Pair($"b{i}", "stories", null, true, false)),
        .. Enumerable.Range(0, 10).Select(i => new JudgeAgreement.Pair($"c{i}", "stories", "judge", false, true)),
        .. Enumerable.Range(0, 15).Select(i => new JudgeAgreement.Pair($"d{i}", "stories", "judge", false, false)),
    ];

    [Test]
    public void Compute_PlantedTable_MatchesTheHandComputation()
    {
        var table = JudgeAgreement.Compute("all", Planted());

        using var scope = Assert.EnterMultipleScope();
        Assert.That((table.BothKeep, table.JudgeKeepHumanDrop, table.JudgeDropHumanKeep, table.BothDrop), Is.EqualTo((20, 5, 10, 15)));
        Assert.That(table.ObservedAgreement, Is.EqualTo(0.7).Within(1e-12));
        Assert.That(table.Kappa, Is.EqualTo(0.4).Within(1e-12));
        Assert.That(table.Interval!.Value.Low, Is.EqualTo(0.145955).Within(1e-6));
        Assert.That(table.Interval!.Value.High, Is.EqualTo(0.654045).Within(1e-6));
        Assert.That(table.Disagreements, Has.Count.EqualTo(15).And.Contains("b0").And.Contains("c9"));
    }

    [Test]
    public void Compute_EveryoneKeepsEverything_KappaIsUndefined()
    {
        var table = JudgeAgreement.Compute("all", [new("x", "stories", null, true, true), new("y", "stories", null, true, true)]);

        Assert.That((table.ObservedAgreement, table.Kappa, table.Interval), Is.EqualTo((1.0, (double?)null, ((double, double)?)null)));
    }

    [Test]
    public async Task Report_RunWithPlantedVerdicts_ShowsTheTableAndKappa()
    {
        using var dir = new TempDirectory();
        var run = await PlantedReviewedRunAsync(dir);

        var cli = await CliRun.InvokeAsync("report", run, "--out", dir.Combine("report"));

        Assert.That(cli.ExitCode, Is.Zero, cli.ToString());
        var html = await File.ReadAllTextAsync(dir.Combine("report", "report.html"));
        var section = html[html.IndexOf("Judge–human agreement", StringComparison.Ordinal)..];
        Assert.That(section, Does.Contain("<td>all</td><td class=\"n\">50</td><td class=\"n\">20</td><td class=\"n\">5</td><td class=\"n\">10</td><td class=\"n\">15</td><td class=\"n\">0.7</td><td class=\"n\">0.4</td><td>0.146 to 0.654</td>"));
        Assert.That(section, Does.Contain("k20").And.Contain("j09").And.Not.Contain("dup,"));
    }

    [Test]
    public async Task ReviewPageAgreement_RunWithPlantedVerdicts_MatchesTheHandComputation()
    {
        using var dir = new TempDirectory();
        var run = await PlantedReviewedRunAsync(dir);
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = run, Token = "t" });
        using var http = ReviewCatalogTests.Client(server);

        var all = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/api/agreement"))!.AsArray().Single(t => t!["group"]!.GetValue<string>() == "all")!;

        using var scope = Assert.EnterMultipleScope();
        Assert.That(all["rows"]!.GetValue<int>(), Is.EqualTo(50));
        Assert.That(all["kappa"]!.GetValue<double>(), Is.EqualTo(0.4).Within(1e-12));
        Assert.That(all["low"]!.GetValue<double>(), Is.EqualTo(0.145955).Within(1e-6));
        Assert.That(all["disagreements"]!.AsArray(), Has.Count.EqualTo(15));
    }

    /// <summary>25 kept stories and 25 judge rejects with the planted table's verdicts, plus a duplicate reject and its verdict (not the judge's call).</summary>
    private static async Task<string> PlantedReviewedRunAsync(TempDirectory dir)
    {
        var kept = Enumerable.Range(0, 25).Select(i => new PlantedRun.Story { Id = $"k{i:00}", PrincipleId = "p1", Text = $"Kept story {i}.", JudgeExplainsWhy = 4, JudgeNotPreachy = 4 }).ToList();
        var dropped = Enumerable.Range(0, 25).Select(i => new PlantedRun.Reject { Id = $"j{i:00}", PrincipleId = "p1", JudgeMean = 2.5, Content = $"Judge-dropped story {i}." }).ToList();
        var duplicate = new PlantedRun.Reject { Id = "dup", PrincipleId = "p1", Stage = "dedupe_exact", Reason = "duplicate", Content = "Kept story 0." };
        var run = await PlantedRun.WriteAsync(dir.Combine("run"), kept, [.. dropped, duplicate]);
        await ReviewExporterTests.PostVerdictsAsync(run,
        [
            .. kept.Take(20).Select(s => (s.Id, Verdict.Accepted, "alice", (string?)null)),
            .. kept.Skip(20).Select(s => (s.Id, Verdict.Rejected, "alice", (string?)null)),
            .. dropped.Take(10).Select(s => (s.Id, Verdict.Accepted, "bob", (string?)null)),
            .. dropped.Skip(10).Take(15).Select(s => (s.Id, Verdict.Rejected, "bob", (string?)null)),
            ("dup", Verdict.Accepted, "bob", null),
        ]);
        return run;
    }
}
