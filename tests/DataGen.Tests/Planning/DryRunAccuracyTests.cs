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
            // One judge call per planned sample: an upper bound, above the paid count by what generation and the checks drop
            // before the judge (about a tenth of the simulator's quick start since the method's failure checks landed).
            Assert.That(estimatedJudge, Is.InRange(judgeCalls, (long)Math.Ceiling(judgeCalls * 1.25)));
        }
    }
}
