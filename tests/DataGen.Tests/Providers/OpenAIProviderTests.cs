using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;

namespace DataGen.Tests.Providers;

/// <summary>
/// The openai provider over real HTTP: the OpenAI SDK talks to an OpenAI-compatible server on loopback. The server
/// composes replies with the simulator; the provider code path (SDK, serialisation, structured output) is the real one.
/// </summary>
public sealed class OpenAIProviderTests
{
    [Test]
    public async Task Run_OpenAIProviderAgainstLoopbackServer_WritesRowsLabelledWithProviderAndSimulatedOrigin()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean);
        using var dir = new TempDirectory();
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", output, "--limit", "4",
            "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "test-model");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(server.Requests, Is.GreaterThanOrEqualTo(12));
        var rows = DuckDb.Query($"SELECT provider, model, simulated, judge_mean, rubric_hash FROM read_parquet('{Path.Combine(output, "advice_chats", "*.parquet")}')");
        var judged = DuckDb.Query($"SELECT id FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}') WHERE kind = 'advice_chats' AND stage = 'judge'");
        Assert.That(rows.Count + judged.Count, Is.EqualTo(4), "the clean simulator's chats pass the checks; only the judge (over HTTP) may drop them");
        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows.Select(r => r["judge_mean"]), Is.All.Not.Null);
        Assert.That(rows.Select(r => r["rubric_hash"]), Is.All.Match("^[0-9a-f]{8}$"));
        Assert.That(rows.Select(r => (r["provider"], r["model"])), Is.All.EqualTo(("openai", "test-model")));
        Assert.That(rows.Select(r => r["simulated"]), Is.All.True, "replies composed by the simulator server stay labelled simulated");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        Assert.That(manifest["provider"]!["name"]!.GetValue<string>(), Is.EqualTo("openai"));
        Assert.That(manifest["simulated"]!.GetValue<bool>(), Is.True);
        Assert.That(manifest["tokens"]!["input"]!.GetValue<long>(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Run_ServerDown_FailsThePlanAndExitsTwoWithAFailedManifest()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"]!["timeoutSeconds"] = 2;
        json["provider"]!["maxRetries"] = 0;
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"), "--limit", "1",
            "--provider", "openai", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m");

        // Documents list their types before any seed exists; with no server that plan fails, and the run fails with it.
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("out", "manifest.json")))!;
        Assert.That(manifest["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(manifest["error"]!.GetValue<string>(), Is.Not.Empty);
    }
}
