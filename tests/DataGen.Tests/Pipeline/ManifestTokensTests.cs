using System.Text.Json.Nodes;
using DataGen.Tests.Support;

namespace DataGen.Tests.Pipeline;

/// <summary>
/// The usage ledger is the one token count: each kind's tokens in the manifest are its ledger line, the kinds add up
/// to the run's total, and the streaming and sharded executors (which tallied tokens each their own way before) agree.
/// </summary>
public sealed class ManifestTokensTests
{
    [Test]
    public async Task Run_StreamingAndSharded_KindTokensAreTheLedgerLinesAndAgree()
    {
        using var dir = new TempDirectory();
        var config = await ShippedConfigAsync(dir);
        var streaming = dir.Combine("streaming");
        var sharded = dir.Combine("sharded");

        var one = await CliRun.InvokeAsync("run", "--config", config, "--out", streaming, "--limit", "3");
        Assert.That(one.ExitCode, Is.Zero, one.ToString());
        var three = await CliRun.InvokeAsync("run", "--config", config, "--out", sharded, "--limit", "3", "--shards", "3");
        Assert.That(three.ExitCode, Is.Zero, three.ToString());

        var a = Manifest(streaming);
        var b = Manifest(sharded);
        using (Assert.EnterMultipleScope())
        {
            foreach (var manifest in new[] { a, b })
            {
                var kinds = manifest["kinds"]!.AsObject();
                foreach (var (kind, entry) in kinds)
                {
                    var line = manifest["usage"]!["byKind"]![kind]!;
                    Assert.That(Tokens(entry!["tokens"]!), Is.EqualTo((line["inputTokens"]!.GetValue<long>(), line["outputTokens"]!.GetValue<long>(),
                        line["calls"]!.GetValue<long>() + line["replayedCalls"]!.GetValue<long>())), kind);
                }

                var sum = kinds.Select(k => Tokens(k.Value!["tokens"]!)).Aggregate((0L, 0L, 0L), (s, t) => (s.Item1 + t.Input, s.Item2 + t.Output, s.Item3 + t.Calls));
                Assert.That(sum, Is.EqualTo(Tokens(manifest["tokens"]!)), "every call belongs to a kind");
                Assert.That(manifest["usage"]!["byStage"]!.AsObject().Select(s => s.Key), Does.Contain("judge").And.Contain("plan"), "judge and plan calls are in the count");
            }

            foreach (var kind in new[] { "documents", "stories", "advice_chats" })
            {
                Assert.That(Tokens(b["kinds"]![kind]!["tokens"]!), Is.EqualTo(Tokens(a["kinds"]![kind]!["tokens"]!)), kind);
                Assert.That(Tokens(a["kinds"]![kind]!["tokens"]!).Input, Is.Positive, kind);
            }
        }
    }

    private static (long Input, long Output, long Calls) Tokens(JsonNode tokens) =>
        (tokens["input"]!.GetValue<long>(), tokens["output"]!.GetValue<long>(), tokens["calls"]!.GetValue<long>());

    private static JsonNode Manifest(string output) => JsonNode.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")))!;

    private static async Task<string> ShippedConfigAsync(TempDirectory dir)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(TestPaths.PipelineJson))!;
        json.AsObject().Remove("$schema");
        json["constitution"]!["path"] = TestPaths.Constitution;
        json["prompts"]!["directory"] = TestPaths.Prompts;
        json["quality"]!["decontamination"]!["folder"] = Path.Combine(TestPaths.RepoRoot, "datasets", "eval");
        json["quality"]!["judge"]!["enabled"] = true;
        var path = dir.Combine("pipeline.json");
        await File.WriteAllTextAsync(path, json.ToJsonString());
        return path;
    }
}
