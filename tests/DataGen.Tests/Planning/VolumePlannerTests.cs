using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Planning;
using DataGen.Tests.Support;

namespace DataGen.Tests.Planning;

public sealed class VolumePlannerTests
{
    private static readonly PipelineOptions Shipped = PipelineConfigLoader.Load(TestPaths.PipelineJson);

    [Test]
    public void Plan_ShippedConfig_OneCallPerSeedStepAndSampleAndPlanStepsByFanOut()
    {
        var plan = VolumePlanner.Plan(PreparedRun.Prepare(Shipped, 30));

        var documents = plan.Configured.Single(k => k.Kind == "documents");
        var advice = plan.Configured.Single(k => k.Kind == "advice_chats");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(documents.Samples, Is.EqualTo(30));
            Assert.That(Step(documents, "draft").Calls, Is.EqualTo(30));
            Assert.That(Step(documents, "rewrite").Calls, Is.EqualTo(30));
            Assert.That(Step(documents, "to_chat").Calls, Is.Zero);
            Assert.That(Step(documents, "types").Calls, Is.EqualTo(1));
            Assert.That(Step(documents, "subtypes").Calls, Is.EqualTo(Shipped.Generation.Documents.TypeCount));
            Assert.That(Step(advice, "principles").Calls, Is.EqualTo(22));
            Assert.That(Step(advice, "response_rewrite").Calls, Is.EqualTo(30));
            Assert.That(documents.Steps.Where(s => s.Enabled).Select(s => s.InputTokens), Is.All.Positive);
            Assert.That(Step(documents, "draft").InputTokens / 30, Is.GreaterThan(5000), "the draft carries the whole constitution");
        }
    }

    [Test]
    public void Plan_PublishedVolumes_FinalContentReachesThePublishedTokens()
    {
        var plan = VolumePlanner.Plan(PreparedRun.Prepare(Shipped));

        var advice = plan.Published.Single(k => k.Kind == "advice_chats");
        var stories = plan.Published.Single(k => k.Kind == "stories");
        Assert.That(advice.ContentTokens, Is.EqualTo(3_000_000).Within(0.1).Percent);
        Assert.That(stories.ContentTokens, Is.EqualTo(30_000_000).Within(0.1).Percent);
        Assert.That(Step(advice, "response_rewrite").OutputTokens, Is.GreaterThan(advice.ContentTokens), "the rewrite's problem list comes on top of the response");
        Assert.That(advice.Samples, Is.InRange(1000, 10_000), "the article's 3M tokens were roughly 2,500 transcripts");
    }

    [Test]
    public void Plan_SwitchOff_StepHasNoCalls()
    {
        var options = Shipped with { Generation = Shipped.Generation with { Ablations = new AblationOptions { AdviceResponseRewrite = false } } };

        var advice = VolumePlanner.Plan(PreparedRun.Prepare(options, 10)).Configured.Single(k => k.Kind == "advice_chats");

        Assert.That(Step(advice, "response_rewrite"), Has.Property("Calls").Zero.And.Property("Enabled").False);
        Assert.That(Step(advice, "response").Calls, Is.EqualTo(10));
    }

    private static StepVolume Step(KindVolume kind, string name) => kind.Steps.Single(s => s.Step == name);
}
