using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Planning;
using DataGen.Tests.Support;

namespace DataGen.Tests.Planning;

public sealed class DryRunAccuracyTests
{
    [Test]
    public async Task For_ThenSimulatedRun_CallsAreWithinTenPercentJudgeIncluded()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var output = dir.Combine("out");
        var estimate = DryRunEstimate.For(PreparedRun.Prepare(PipelineConfigLoader.Load(config), 20));

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "20");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var usage = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!["usage"]!;
        var paidCalls = usage["total"]!["calls"]!.GetValue<long>();
        var judgeCalls = usage["byStage"]!["judge"]!["calls"]!.GetValue<long>();
        var estimatedJudge = estimate.Lines.Where(l => l.Step == VolumePlanner.JudgeStep).Sum(l => l.Calls);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimatedJudge, Is.GreaterThan(0), "the estimate has judge lines");
            Assert.That((double)estimate.Calls, Is.EqualTo(paidCalls).Within(10).Percent);
            Assert.That((double)estimatedJudge, Is.EqualTo(judgeCalls).Within(10).Percent);
        }
    }
}
