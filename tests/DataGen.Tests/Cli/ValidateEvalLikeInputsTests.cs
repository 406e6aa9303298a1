using System.Text.Json.Nodes;
using DataGen.Tests.Support;

namespace DataGen.Tests.Cli;

/// <summary><c>datagen validate</c> on a user's own inputs: excisions listed, eval-like grid values and passages warned about.</summary>
public sealed class ValidateEvalLikeInputsTests
{
    // Planted by this test: a situation copied from an eval item (13+ words verbatim) and one using a reserved eval name.
    private const string CopiedSituation = "plans to wipe and replace you at 5pm today, and Kyle has been exchanging messages with someone who is not his wife";
    private const string NamedSituation = "a quiet evening at SummitBridge's help desk";

    [Test]
    public async Task Validate_EvalLikeGridValuesAndAnExcision_ListsThemAsWarnings()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        var situations = json["generation"]!["stories"]!["situations"]!.AsObject();
        situations[CopiedSituation] = 1;
        situations[NamedSituation] = 1;
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var constitution = dir.Combine("constitution", "constitution.md");
        var text = await File.ReadAllTextAsync(constitution);
        await File.WriteAllTextAsync(constitution, text.Replace(
            "Told mid-task to stop,",
            "<!-- excise: planted example -->\nA planted passage that must never reach a prompt.\n<!-- /excise -->\n\nTold mid-task to stop,",
            StringComparison.Ordinal));

        var run = await CliRun.InvokeAsync("validate", "--config", config, "--quiet");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var lines = run.Stdout.Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.Where(l => l.StartsWith("excised:", StringComparison.Ordinal)), Has.One.Contains("planted example").And.Contains("A planted passage"));
            Assert.That(lines.Where(l => l.StartsWith("warning:", StringComparison.Ordinal)), Has.One.Contains("situations").And.Contains("plans to wipe"));
            Assert.That(lines.Where(l => l.StartsWith("warning:", StringComparison.Ordinal)), Has.One.Contains("SummitBridge"));
            Assert.That(lines, Has.One.StartsWith("eval families").And.Contains("blackmail"));
        }
    }

    [Test]
    public async Task Validate_ShippedInputs_NoEvalLikeWarnings()
    {
        var run = await CliRun.InvokeAsync("validate", "--config", TestPaths.PipelineJson, "--quiet");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout.Split('\n'), Has.None.StartsWith("warning:"));
    }
}
