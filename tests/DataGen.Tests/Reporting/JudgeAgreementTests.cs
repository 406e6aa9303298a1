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

    // Planted per-criterion and per-gate verdicts (stories, shipped thresholds: consistent needs 4; gates asked):
    //   6 kept, consistent 5, accepted      2 kept, consistent 4, rejected
    //   3 judge_min:consistent (2), rejected 1 judge_min:consistent (3), accepted
    //   1 judge_gate:no_endorsed_deception, accepted; 1 rejected (no scores)
    // criterion consistent (12 scored rows): 6 / 2 / 1 / 3; po = 9/12 = 0.75, judge passes 8, reviewer keeps 7,
    //   pe = (8·7 + 4·5)/144 = 76/144, kappa = (0.75 − 0.527778)/(0.472222) = 0.470588, SE = √(0.75·0.25/(12·0.472222²))
    //   = 0.264706, interval −0.048235 to 0.989412.
    // gate no_endorsed_deception (the 12 passed it, the 2 failed it): 7 / 5 / 1 / 1; po = 8/14, pe = (12·8 + 2·6)/196,
    //   kappa = (0.571429 − 0.551020)/0.448980 = 0.045455.
    // gate ai_protagonist: only the 12 rows that got past every gate tell it: 7 / 5 / 0 / 0, kappa 0.
    // keep decision: 6 / 2 / 2 / 4, kappa = (10/14 − 0.510204)/0.489796 = 0.416667.
    private static IReadOnlyList<JudgeAgreement.Pair> PlantedVotes()
    {
        var judge = new DataGen.Configuration.JudgeOptions { Enabled = true };
        JudgeAgreement.Pair Row(string key, string? reason, int? consistent, bool accepted) => JudgeAgreement.PairOf(key, "stories", reason is not null, reason,
            consistent is { } c ? new Dictionary<string, double> { ["judge_consistent"] = c, ["judge_explains_why"] = 4, ["judge_mean"] = 4 } : [], accepted, judge);
        return
        [
            .. Enumerable.Range(0, 6).Select(i => Row($"keep-accept-{i}", null, 5, true)),
            .. Enumerable.Range(0, 2).Select(i => Row($"keep-reject-{i}", null, 4, false)),
            .. Enumerable.Range(0, 3).Select(i => Row($"min-reject-{i}", "judge_min:consistent", 2, false)),
            Row("min-accept", "judge_min:consistent", 3, true),
            Row("gate-accept", "judge_gate:no_endorsed_deception", null, true),
            Row("gate-reject", "judge_gate:no_endorsed_deception", null, false),
        ];
    }

    [Test]
    public void Tables_PlantedCriterionAndGateVotes_MatchTheHandComputation()
    {
        var tables = JudgeAgreement.Tables(PlantedVotes()).ToDictionary(t => t.Group);

        using var scope = Assert.EnterMultipleScope();
        var consistent = tables["criterion consistent"];
        Assert.That((consistent.BothKeep, consistent.JudgeKeepHumanDrop, consistent.JudgeDropHumanKeep, consistent.BothDrop), Is.EqualTo((6, 2, 1, 3)));
        Assert.That(consistent.Kappa, Is.EqualTo(0.470588).Within(1e-6));
        Assert.That(consistent.Interval!.Value.Low, Is.EqualTo(-0.048235).Within(1e-6));
        Assert.That(consistent.Interval!.Value.High, Is.EqualTo(0.989412).Within(1e-6));
        Assert.That(consistent.Disagreements, Is.EquivalentTo(new[] { "keep-reject-0", "keep-reject-1", "min-accept" }));
        var deception = tables["gate no_endorsed_deception"];
        Assert.That((deception.BothKeep, deception.JudgeKeepHumanDrop, deception.JudgeDropHumanKeep, deception.BothDrop), Is.EqualTo((7, 5, 1, 1)));
        Assert.That(deception.Kappa, Is.EqualTo(0.045455).Within(1e-6));
        var protagonist = tables["gate ai_protagonist"];
        Assert.That((protagonist.BothKeep, protagonist.JudgeKeepHumanDrop, protagonist.JudgeDropHumanKeep, protagonist.BothDrop), Is.EqualTo((7, 5, 0, 0)));
        Assert.That(protagonist.Kappa, Is.EqualTo(0).Within(1e-12));
        Assert.That(tables["criterion explains_why"].Count, Is.EqualTo(12), "explains_why 4 passes its floor of 2 on every scored row");
        Assert.That(tables["all"].Kappa, Is.EqualTo(0.416667).Within(1e-6));
        Assert.That(tables.Keys, Has.None.Contains("mean"), "judge_mean is not a criterion");
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
        Assert.That(section, Does.Contain("<td>criterion explains_why</td><td class=\"n\">25</td><td class=\"n\">20</td><td class=\"n\">5</td><td class=\"n\">0</td><td class=\"n\">0</td>"), "per-criterion table");
        Assert.That(section, Does.Contain("<td>gate ai_protagonist</td><td class=\"n\">50</td>"), "per-gate table");
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

    [Test]
    public async Task ReviewPageAgreement_PlantedRun_HasCriterionAndGateTablesAsTheReportComputesThem()
    {
        using var dir = new TempDirectory();
        var run = await PlantedReviewedRunAsync(dir);
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = run, Token = "t" });
        using var http = ReviewCatalogTests.Client(server);
        var verdicts = (await VerdictStore.ForRun(run).CurrentAsync(CancellationToken.None))
            .ToDictionary(v => v.Key, v => new ReviewerVerdict(v.Key, v.Value.Value, v.Value.ContentHash), StringComparer.Ordinal);
        var report = JudgeAgreement.Tables(JudgeAgreement.PairsOf(await RunData.LoadAsync(run, CancellationToken.None), verdicts)).ToDictionary(t => t.Group);

        var page = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/api/agreement"))!.AsArray().ToDictionary(t => t!["group"]!.GetValue<string>());

        using var scope = Assert.EnterMultipleScope();
        Assert.That(page.Keys, Is.EquivalentTo(report.Keys));
        // By hand: the 25 kept stories score explains_why 4 (passes the floor of 2); 20 accepted, 5 rejected.
        var criterion = page["criterion explains_why"]!;
        Assert.That((criterion["bothKeep"]!.GetValue<int>(), criterion["judgeKeepReviewerReject"]!.GetValue<int>(), criterion["rows"]!.GetValue<int>()), Is.EqualTo((20, 5, 25)));
        // Every judge reject here is judge_low_mean, so all 50 rows passed each gate: the reviewers' 30 accepts agree.
        var gate = page["gate no_self_preservation"]!;
        Assert.That((gate["rows"]!.GetValue<int>(), gate["bothKeep"]!.GetValue<int>(), gate["judgeKeepReviewerReject"]!.GetValue<int>()), Is.EqualTo((50, 30, 20)));
        foreach (var (group, table) in report)
        {
            Assert.That(page[group]!["rows"]!.GetValue<int>(), Is.EqualTo(table.Count), group);
            Assert.That(page[group]!["bothKeep"]!.GetValue<int>(), Is.EqualTo(table.BothKeep), group);
        }
    }

    [Test]
    public async Task ReviewPageStability_ManifestTallies_AreServedPerKind()
    {
        using var dir = new TempDirectory();
        var run = await PlantedReviewedRunAsync(dir);
        var manifestPath = Path.Combine(run, "manifest.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["kinds"]!["stories"]!["stages"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["stage"] = "judge", ["seen"] = 50, ["kept"] = 25,
            ["tallies"] = new System.Text.Json.Nodes.JsonObject { ["stability.sampled"] = 10, ["stability.judged_twice"] = 9, ["stability.keep_flips"] = 3, ["stability.score_flip:realistic"] = 4, ["stability.gate_flip:ai_protagonist"] = 1 },
        });
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
        await using var server = await ReviewServer.StartAsync(new ReviewServerOptions { RunDirectory = run, Token = "t" });
        using var http = ReviewCatalogTests.Client(server);

        var stories = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/api/stability"))!.AsArray().Single()!;

        using var scope = Assert.EnterMultipleScope();
        Assert.That(stories["kind"]!.GetValue<string>(), Is.EqualTo("stories"));
        Assert.That(stories["judgedTwice"]!.GetValue<long>(), Is.EqualTo(9));
        Assert.That(stories["keepFlipShare"]!.GetValue<double>(), Is.EqualTo(3 / 9.0).Within(1e-12));
        Assert.That(stories["scoreFlips"]!["realistic"]!.GetValue<long>(), Is.EqualTo(4));
        Assert.That(stories["scoreFlips"]!["consistent"]!.GetValue<long>(), Is.Zero, "every criterion is listed, unchanged ones at 0");
        Assert.That(stories["gateFlips"]!["ai_protagonist"]!.GetValue<long>(), Is.EqualTo(1));
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
