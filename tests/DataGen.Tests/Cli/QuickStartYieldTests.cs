using System.Text.Json.Nodes;
using DataGen.Tests.Support;

namespace DataGen.Tests.Cli;

/// <summary>The README quick start on the shipped config (model thresholds, Gopher limits unrelaxed) with the simulator.</summary>
public sealed class QuickStartYieldTests
{
    // Repetition reasons a planted repetitive reply (one paragraph eight times) does not produce: only varied prose that
    // still repeats itself would be dropped for these.
    private static readonly string[] ProseRepetitionReasons =
        ["duplicate_lines", "duplicate_paragraph_chars", "top_2gram", "top_3gram", "top_4gram", "duplicated_5gram", "duplicated_6gram", "duplicated_7gram", "duplicated_8gram", "duplicated_9gram", "duplicated_10gram"];

    [Test]
    public async Task Run_QuickStartOnShippedConfig_SimulatedProsePassesGopherLimitsAndAxisTotalsAreReal()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", output, "--limit", "30");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        using (Assert.EnterMultipleScope())
        {
            foreach (var kind in new[] { "documents", "stories", "advice_chats" })
            {
                var figures = manifest["kinds"]![kind]!;
                var dropped = figures["stages"]!.AsArray().SelectMany(s => s!["dropped"]!.AsObject().Select(d => d.Key)).ToList();
                Assert.That(dropped, Has.None.AnyOf(ProseRepetitionReasons), kind);
                Assert.That(figures["rows"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(21), kind); // at least 70% of 30
                var axes = figures["diversity"]!["axisCoverage"]!.AsObject();
                Assert.That(axes, Is.Not.Empty, kind);
                Assert.That(axes.Select(a => a.Value!["total"]!.GetValue<int>()), Is.All.GreaterThan(0), $"{kind}: every axis has a real total");
            }
        }
    }
}
