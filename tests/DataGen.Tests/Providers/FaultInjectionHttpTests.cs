using System.Text.Json.Nodes;
using DataGen.Cli.Commands;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;

namespace DataGen.Tests.Providers;

/// <summary>The openai provider over real loopback HTTP against the simulator server injecting every kind of fault.</summary>
public sealed class FaultInjectionHttpTests
{
    [Test]
    public async Task Run_TwentyPercentFaultsOfEveryKind_EverySeedEndsAsExactlyOneRowOrReject()
    {
        var simulator = SimulatorOptions.Clean with { Faults = SimulateServerCommand.EvenFaults(0.2, retryAfterSeconds: 0.05) };
        await using var server = await SimulatorHttpServer.StartAsync(simulator);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"]!["timeoutSeconds"] = 1;
        json["provider"]!["maxRetries"] = 10;
        json["provider"]!["concurrency"] = 16;
        json["resilience"] = new JsonObject { ["baseDelayMs"] = 5, ["maxDelaySeconds"] = 1, ["breakerMinimumThroughput"] = 1000 };
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "15",
            "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var ids = new List<string>();
        foreach (var kind in new[] { "documents", "stories", "advice_chats" })
        {
            ids.AddRange(DuckDb.Query($"SELECT id FROM read_parquet('{Path.Combine(output, kind, "*.parquet")}')").Select(r => (string)r["id"]!));
        }

        var rejects = DuckDb.Query($"SELECT id, reason FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}')");
        ids.AddRange(rejects.Select(r => (string)r["id"]!));
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.Faulted, Is.GreaterThan(5), "faults were injected");
            Assert.That(ids, Has.Count.EqualTo(45), "no seed lost");
            Assert.That(ids, Is.Unique, "no seed duplicated");
            Assert.That(rejects.Select(r => r["reason"]), Has.None.EqualTo("error"), "every transport fault was retried to success");
            Assert.That(manifest["endpoints"]!.AsArray()[0]!["failed"]!.GetValue<long>(), Is.GreaterThan(0));
            Assert.That(manifest["usage"]!["byEndpoint"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { server.BaseUrl.Host + ":" + server.BaseUrl.Port }));
        }
    }
}
