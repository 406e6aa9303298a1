using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Planning;
using DataGen.Tests.Support;

namespace DataGen.Tests.Planning;

/// <summary>
/// <c>run --dry-run</c>'s estimate against what a simulated run of the same config then pays, per kind with the judge's
/// calls in: the simulator writes what each prompt asks for (its stated length) and counts tokens as the planner does.
/// </summary>
public sealed class DryRunAccuracyTests
{
    [TestCase(10)]
    [TestCase(40)]
    public async Task For_ThenSimulatedRun_CallsAndTokensPerKindWithinTenPercent(int count)
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var output = dir.Combine("out");
        var estimate = DryRunEstimate.For(PreparedRun.Prepare(PipelineConfigLoader.Load(config), count));

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", count.ToString(CultureInfo.InvariantCulture));
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var usage = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!["usage"]!;
        var report = Report(estimate, usage);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(usage["total"]!["replayedCalls"]!.GetValue<long>(), Is.Zero, "a fresh run pays every call");
            foreach (var kind in new[] { "documents", "stories", "advice_chats" })
            {
                var lines = estimate.Lines.Where(l => l.Kind == kind).ToList();
                var paid = usage["byKind"]![kind]!;
                Assert.That(lines.Where(l => l.Step == VolumePlanner.JudgeStep).Sum(l => l.Calls), Is.EqualTo(count), $"{kind}: the estimate has one judge call per sample");
                Assert.That(usage["byStep"]![$"{kind}/{VolumePlanner.JudgeStep}"]!["calls"]!.GetValue<long>(), Is.Positive, $"{kind}: the run paid judge calls");
                Assert.That((double)lines.Sum(l => l.Calls), Is.EqualTo(paid["calls"]!.GetValue<long>()).Within(10).Percent, $"{kind} calls\n{report}");
                Assert.That((double)lines.Sum(l => l.InputTokens), Is.EqualTo(paid["inputTokens"]!.GetValue<long>()).Within(10).Percent, $"{kind} input tokens\n{report}");
                Assert.That((double)lines.Sum(l => l.OutputTokens), Is.EqualTo(paid["outputTokens"]!.GetValue<long>()).Within(10).Percent, $"{kind} output tokens\n{report}");
            }
        }
    }

    /// <summary>Estimated and paid figures per step, for the failure message.</summary>
    private static string Report(DryRunEstimate estimate, JsonNode usage)
    {
        var text = new StringBuilder();
        foreach (var line in estimate.Lines)
        {
            var paid = usage["byStep"]?[$"{line.Kind}/{line.Step}"];
            text.AppendLine(CultureInfo.InvariantCulture, $"{line.Kind}/{line.Step}: calls {line.Calls} vs {paid?["calls"]}, input {line.InputTokens} vs {paid?["inputTokens"]}, output {line.OutputTokens} vs {paid?["outputTokens"]}");
        }

        return text.ToString();
    }
}
