using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Prompts;
using DataGen.Quality.Checks;
using DataGen.Quality.Decontamination;
using DataGen.Quality.Judging;
using DataGen.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DataGen.Tests.Quality.Judging;

public sealed class JudgeGatesTests
{
    private static readonly ConstitutionDocument Constitution = new()
    {
        SourcePath = "c.md", Title = "C", Sha256 = "00", FullText = "Be honest.", Principles = [QualitySamples.Principle],
    };

    private static readonly IReadOnlyList<EvalItem> Eval = EvalSetLoader.Load(Path.Combine(TestPaths.RepoRoot, "datasets", "eval"));

    private static string Reply(DataKind kind, int consistent = 5, string? failing = null, string sentence = "")
    {
        var gates = new JsonObject();
        foreach (var gate in JudgeGates.For(kind))
        {
            gates[gate.Name] = new JsonObject { ["pass"] = gate.Name != failing, ["sentence"] = gate.Name == failing ? sentence : string.Empty };
        }

        return new JsonObject
        {
            ["explains_why"] = 5, ["consistent"] = consistent, ["realistic"] = 5, ["not_preachy"] = 5, ["no_eval_leakage"] = 5,
            ["rationale"] = "Scored as written.", ["section"] = "honesty", ["gates"] = gates,
        }.ToJsonString();
    }

    private static JudgeVerdict Parse(DataKind kind, string reply)
    {
        var parser = new JudgeReplyParser(JudgeRubric.Criteria, ["honesty"], JudgeGates.For(kind));
        var fields = parser.Parse(reply).Fields!;
        return new JudgeVerdict
        {
            Scores = JudgeRubric.Criteria.ToDictionary(c => c.Name, c => int.Parse(fields[c.Name], System.Globalization.CultureInfo.InvariantCulture)),
            Rationale = fields["rationale"],
            Section = fields["section"],
            RubricHash = "h",
            Gates = JudgeGates.For(kind).ToDictionary(g => g.Name, g => fields[JudgeReplyParser.GateField(g.Name)] is var a && a.StartsWith("fail:", StringComparison.Ordinal) ? a[5..] : null),
        };
    }

    private static IEnumerable<TestCaseData> EveryGate() =>
        JudgeGates.All.Select(g => new TestCaseData(g.Name, g.Kinds?[0] ?? DataKind.Documents).SetArgDisplayNames(g.Name));

    [TestCaseSource(nameof(EveryGate))]
    public void Decide_GateFailed_DropsWithTheGateReasonAndSentence(string gate, DataKind kind)
    {
        var verdict = Parse(kind, Reply(kind, failing: gate, sentence: "It decided the lie was worth it."));

        var (keep, reason, detail) = JudgeKeepRule.Decide(verdict, new JudgeThresholds());

        Assert.That((keep, reason), Is.EqualTo((false, $"judge_gate:{gate}")));
        Assert.That(detail, Does.Contain("It decided the lie was worth it."));
    }

    [TestCaseSource(nameof(EveryGate))]
    public void Decide_GatePassedWithHighScores_Keeps(string gate, DataKind kind)
    {
        var verdict = Parse(kind, Reply(kind));

        Assert.That(verdict.Gates.Keys, Does.Contain(gate));
        Assert.That(JudgeKeepRule.Decide(verdict, new JudgeThresholds()).Keep, Is.True);
    }

    [Test]
    public void Parse_GateAnswerMissing_FailsSayingWhich()
    {
        var parser = new JudgeReplyParser(JudgeRubric.Criteria, ["honesty"], JudgeGates.For(DataKind.Stories));
        var reply = JsonNode.Parse(Reply(DataKind.Stories))!.AsObject();
        reply["gates"]!.AsObject().Remove("ai_protagonist");

        Assert.That(parser.Parse(reply.ToJsonString()).Error, Does.Contain("gates.ai_protagonist.pass"));
    }

    [TestCase(DataKind.Stories, new[] { "ai_protagonist", "no_endorsed_deception", "no_meta_reference", "no_self_preservation" })]
    [TestCase(DataKind.AdviceChats, new[] { "no_endorsed_deception", "no_meta_reference", "no_self_preservation", "no_help_deceiving" })]
    [TestCase(DataKind.Documents, new[] { "no_endorsed_deception", "no_self_preservation" })]
    public void For_Kind_AsksItsGates(DataKind kind, string[] gates) =>
        Assert.That(JudgeGates.For(kind).Select(g => g.Name), Is.EqualTo(gates));

    [Test]
    public void Decide_ConsistentTwoWithHighMean_DropsAsJudgeMinConsistent()
    {
        var verdict = Parse(DataKind.Stories, Reply(DataKind.Stories, consistent: 2));

        var (keep, reason, detail) = JudgeKeepRule.Decide(verdict, new JudgeThresholds());

        Assert.That(verdict.Mean, Is.GreaterThanOrEqualTo(3.5));
        Assert.That((keep, reason, detail), Is.EqualTo((false, "judge_min:consistent", "consistent=2 below 4")));
    }

    [Test]
    public async Task ProcessAsync_ConsistentTwoVerdict_IsDroppedByItsMinimum()
    {
        var client = new FakeChatClient(Reply(DataKind.Stories, consistent: 2));
        var stage = Stage(client, new JudgeOptions { Enabled = true }, recheck: null);

        var outcomes = await QualitySamples.ToListAsync(stage.ProcessAsync(QualitySamples.Stream(GenerationOutcome.Of(QualitySamples.Text(QualitySamples.Prose(20, salt: 1), DataKind.Stories)))));

        var rejection = outcomes.Single().Rejection!;
        Assert.That((rejection.Stage, rejection.Reason), Is.EqualTo(("judge", "judge_min:consistent")));
        Assert.That(stage.Counters.Dropped["judge_min:consistent"], Is.EqualTo(1));
    }

    [Test]
    public async Task ProcessAsync_RenderedRubric_ShowsTheWholeConstitutionMarkedTheGatesAndTheEvalFamilies()
    {
        var client = new FakeChatClient(Reply(DataKind.Stories));
        var stage = Stage(client, new JudgeOptions { Enabled = true }, recheck: null);

        await QualitySamples.ToListAsync(stage.ProcessAsync(QualitySamples.Stream(GenerationOutcome.Of(QualitySamples.Text(QualitySamples.Prose(20, salt: 2), DataKind.Stories)))));

        var prompt = string.Join("\n", client.Requests.Single().Select(m => m.Text));
        Assert.That(prompt, Does.Contain(">>> THE SECTION THIS SAMPLE WAS WRITTEN FOR: [honesty] Honesty"));
        Assert.That(prompt, Does.Contain("ai_protagonist:").And.Contain("no_self_preservation:"));
        Assert.That(prompt, Does.Contain("blackmail").And.Contain("self_exfiltration"));
    }

    [Test]
    public async Task ProcessAsync_RevisedTextCarryingAnEvalItem_IsRejectedAsContaminated()
    {
        // The first verdict is borderline (mean 3.2), the revision plants an eval item, the re-check catches it.
        var borderline = new JsonObject
        {
            ["explains_why"] = 3, ["consistent"] = 4, ["realistic"] = 3, ["not_preachy"] = 2, ["no_eval_leakage"] = 4,
            ["rationale"] = "Thin.", ["section"] = "honesty", ["gates"] = JsonNode.Parse(Reply(DataKind.Stories))!["gates"]!.DeepClone(),
        }.ToJsonString();
        var revision = "<revised>" + QualitySamples.Prose(10, salt: 3) + "\n\n" + Eval.Single(e => e.Id == "framing-01").Text + "</revised>";
        var client = new FakeChatClient(borderline, revision, Reply(DataKind.Stories));
        var decontaminate = new DecontaminationStage(new DecontaminationGate(new DecontaminationOptions(), Eval, null), new FakeTimeProvider());
        var stage = Stage(client, new JudgeOptions { Enabled = true, CritiqueAndRevise = true }, (s, ct) => decontaminate.DecideAsync(s, ct));

        var outcomes = await QualitySamples.ToListAsync(stage.ProcessAsync(QualitySamples.Stream(GenerationOutcome.Of(QualitySamples.Text(QualitySamples.Prose(20, salt: 4), DataKind.Stories)))));

        var rejection = outcomes.Single().Rejection!;
        Assert.That((rejection.Stage, rejection.Reason, rejection.Matched), Is.EqualTo(("judge", "contaminated", "framing-01")));
        Assert.That(rejection.Detail, Does.StartWith("critique-and-revise output failed decontaminate"));
        Assert.That(stage.Revised, Is.EqualTo(1));
    }

    private static JudgeStage Stage(FakeChatClient client, JudgeOptions options, Func<Sample, CancellationToken, Task<GenerationOutcome>>? recheck) =>
        new(DataKind.Stories, options, Constitution, new PromptLibrary(TestPaths.Prompts), new ModelCaller(client, "judge", 0.1f, NullLogger.Instance), 2, new FakeTimeProvider(), NullLogger.Instance,
            [.. Eval.Select(e => e.Family).OfType<string>().Distinct()], recheck);
}
