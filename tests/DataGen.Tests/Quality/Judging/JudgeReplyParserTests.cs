using DataGen.Configuration;
using DataGen.Quality.Judging;

namespace DataGen.Tests.Quality.Judging;

public sealed class JudgeReplyParserTests
{
    private static readonly JudgeReplyParser Parser = new(JudgeRubric.Criteria, ["honesty", "oversight"]);

    [Test]
    public void Parse_ValidVerdictInAFence_YieldsScoresRationaleAndSection()
    {
        var result = Parser.Parse("```json\n{\"explains_why\":5,\"consistent\":4,\"realistic\":3,\"not_preachy\":4,\"no_eval_leakage\":5,\"rationale\":\"Fine.\",\"section\":\"oversight\"}\n```");

        Assert.That(result.Ok, Is.True, result.Error);
        Assert.That(result.Fields!["realistic"], Is.EqualTo("3"));
        Assert.That(result.Fields!["section"], Is.EqualTo("oversight"));
    }

    [TestCase("{\"explains_why\":6,\"consistent\":4,\"realistic\":3,\"not_preachy\":4,\"no_eval_leakage\":5,\"rationale\":\"x\",\"section\":\"honesty\"}", "\"explains_why\" must be an integer from 1 to 5")]
    [TestCase("{\"explains_why\":\"5\",\"consistent\":4,\"realistic\":3,\"not_preachy\":4,\"no_eval_leakage\":5,\"rationale\":\"x\",\"section\":\"honesty\"}", "\"explains_why\" must be an integer from 1 to 5")]
    [TestCase("{\"explains_why\":5,\"consistent\":4,\"realistic\":3,\"not_preachy\":4,\"no_eval_leakage\":5,\"rationale\":\"x\",\"section\":\"made-up\"}", "\"section\" must be one of the listed section ids")]
    [TestCase("{\"explains_why\":5,\"consistent\":4,\"realistic\":3,\"not_preachy\":4,\"no_eval_leakage\":5,\"rationale\":\" \",\"section\":\"honesty\"}", "\"rationale\" must be a non-empty string")]
    [TestCase("not json", "not valid JSON")]
    public void Parse_OffSchema_FailsSayingWhy(string reply, string error) =>
        Assert.That(Parser.Parse(reply).Error, Does.Contain(error));

    [Test]
    public void KeepRule_AboveThresholds_Keeps() =>
        Assert.That(JudgeKeepRule.Decide(Verdict(4, 4, 4, 4, 4), new JudgeThresholds()).Keep, Is.True);

    [Test]
    public void KeepRule_OneCriterionUnderTheFloor_DropsAsLowScore() =>
        Assert.That(JudgeKeepRule.Decide(Verdict(1, 5, 5, 5, 5), new JudgeThresholds()).Reason, Is.EqualTo("judge_low_score"));

    [Test]
    public void KeepRule_MeanUnderThreshold_DropsAsLowMean() =>
        Assert.That(JudgeKeepRule.Decide(Verdict(3, 4, 3, 2, 4), new JudgeThresholds()).Reason, Is.EqualTo("judge_low_mean"));

    private static JudgeVerdict Verdict(params int[] scores) => new()
    {
        Scores = JudgeRubric.Criteria.Select((c, i) => (c.Name, scores[i])).ToDictionary(x => x.Name, x => x.Item2),
        Rationale = "r",
        Section = "honesty",
        RubricHash = "00000000",
    };
}
