using System.Diagnostics;
using System.Text.Json.Nodes;
using DataGen.Cli.Commands;
using DataGen.Configuration;
using DataGen.Providers;
using DataGen.Providers.Resilience;
using DataGen.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using DataGen.Tests.Support;

namespace DataGen.Tests.Providers;

/// <summary>
/// Adaptive concurrency over real loopback HTTP: the openai provider against the simulator server injecting faults.
/// Each test prints its figures (final and lowest limit, decreases, time to finish) to the test output.
/// </summary>
public sealed class AdaptiveConcurrencyHttpTests
{
    [TestCase(64)]
    [TestCase(512)]
    public async Task Run_TwentyPercentFaults_NoSampleLostAndTheLimitStaysUp(int concurrency)
    {
        var simulator = SimulatorOptions.Clean with
        {
            Latency = new LatencyOptions { MeanMs = 20, Distribution = "uniform" },
            Faults = SimulateServerCommand.EvenFaults(0.2, retryAfterSeconds: 1),
        };
        await using var server = await SimulatorHttpServer.StartAsync(simulator);

        var adaptive = await RunAsync(server, concurrency, adaptiveConcurrency: true);
        var fixedLimit = await RunAsync(server, concurrency, adaptiveConcurrency: false);

        var endpoint = adaptive.Manifest["endpoints"]!.AsArray()[0]!;
        var final = endpoint["concurrencyLimit"]!.GetValue<int>();
        var lowest = endpoint["lowestConcurrencyLimit"]!.GetValue<int>();
        await TestContext.Out.WriteLineAsync(
            $"concurrency {concurrency}, 20% faults: adaptive {adaptive.Elapsed.TotalSeconds:0.0} s (final limit {final}, lowest {lowest}, {endpoint["concurrencyDecreases"]} decreases, {endpoint["rateLimited"]} 429s, {endpoint["slotWaitsOverTimeout"]} slot waits past the attempt timeout); adaptive off {fixedLimit.Elapsed.TotalSeconds:0.0} s; ratio {adaptive.Elapsed / fixedLimit.Elapsed:0.00}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(adaptive.Run.ExitCode, Is.Zero, adaptive.Run.ToString());
            Assert.That(adaptive.Manifest["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(adaptive.Reasons, Has.None.EqualTo("error"), "no sample drained into error");
            Assert.That(endpoint["rateLimited"]!.GetValue<long>(), Is.GreaterThan(0), "429s were injected");
            Assert.That(lowest, Is.GreaterThanOrEqualTo(concurrency / 4), "never below the floor");
            Assert.That(final, Is.GreaterThan(concurrency / 2), "random 429s shrink it once per window, successes bring it back");
            Assert.That(fixedLimit.Run.ExitCode, Is.Zero, fixedLimit.Run.ToString());
        }
    }

    [Test]
    public async Task GetResponseAsync_BurstOfOnly429sWithRetryAfter_LimitRecoversAfterTheBurst()
    {
        var simulator = SimulatorOptions.Clean with { Latency = new LatencyOptions { MeanMs = 10, Distribution = "uniform" } };
        await using var server = await SimulatorHttpServer.StartAsync(simulator);
        var loaded = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var options = loaded with
        {
            Provider = loaded.Provider with { Name = ProviderNames.OpenAI, Endpoint = server.BaseUrl, Model = "m", Concurrency = 64, MaxRetries = 20, TimeoutSeconds = 5 },
            Resilience = loaded.Resilience with { DecreaseWindowSeconds = 0.5, MaxDelaySeconds = 1 },
        };
        using var client = (ResilientChatClient)ChatClientFactory.Create(options, NullLoggerFactory.Instance);
        var endpoint = client.Endpoints[0];
        // The burst: every request answered 429 with Retry-After 0.2 s until 400 have been, then none.
        server.Faults = new FaultInjector(new FaultOptions { Http429 = 1, RetryAfterSeconds = 0.2 }, simulator.Latency);
        var during = Enumerable.Range(0, 96).Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"burst {i}")])).ToList();
        while (server.Faulted < 400 && during.Any(t => !t.IsCompleted))
        {
            await Task.Delay(5);
        }

        var afterBurst = endpoint.Stats();
        server.Faults = new FaultInjector(new FaultOptions(), simulator.Latency);
        await Task.WhenAll(during);
        // Every 429 the server sent reaches the client (each call retries until it succeeds), but the client may still
        // have been reading the last ones when the server's count passed 400: count them once the burst's calls are done.
        var rateLimited = endpoint.Stats().RateLimited;
        var after = new List<Task<ChatResponse>>();
        for (var wave = 0; wave < 10; wave++)
        {
            after.AddRange(Enumerable.Range(0, 96).Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"after {wave}.{i}")])));
            await Task.WhenAll(after);
        }

        var final = endpoint.Stats();
        await TestContext.Out.WriteLineAsync(
            $"429 burst: {rateLimited} 429s, {afterBurst.ConcurrencyDecreases} decreases, limit at the end of the burst {afterBurst.ConcurrencyLimit} (lowest {afterBurst.LowestConcurrencyLimit}), after {final.Succeeded} successes {final.ConcurrencyLimit}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rateLimited, Is.GreaterThanOrEqualTo(400), "the burst answered many calls with 429");
            Assert.That(afterBurst.ConcurrencyLimit, Is.InRange(16, 48), "the burst shrank the limit, never below the floor");
            Assert.That(afterBurst.ConcurrencyDecreases, Is.LessThan(rateLimited / 10), "once per window, not once per 429");
            Assert.That(final.ConcurrencyLimit, Is.EqualTo(64), "recovered to the ceiling after the burst");
            Assert.That(final.Succeeded, Is.EqualTo(96 * 11), "every call, burst or not, succeeded");
        }
    }

    private static async Task<RunResult> RunAsync(SimulatorHttpServer server, int concurrency, bool adaptiveConcurrency, int limit = 60)
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        // A short attempt timeout so the injected hangs cost a second, not the shipped two minutes.
        json["provider"]!["timeoutSeconds"] = 1;
        json["provider"]!["maxRetries"] = 10;
        json["provider"]!["concurrency"] = concurrency;
        json["resilience"] = new JsonObject
        {
            ["maxDelaySeconds"] = 2,
            ["adaptiveConcurrency"] = adaptiveConcurrency,
        };
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var output = dir.Combine("out");

        var clock = Stopwatch.StartNew();
        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m");
        clock.Stop();

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var rejects = Directory.Exists(Path.Combine(output, "rejects")) && Directory.EnumerateFiles(Path.Combine(output, "rejects"), "*.parquet").Any()
            ? DuckDb.Query($"SELECT reason FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}')").Select(r => (string)r["reason"]!).ToList()
            : [];
        return new RunResult(run, manifest, rejects, clock.Elapsed);
    }

    private sealed record RunResult(CliRun Run, JsonNode Manifest, IReadOnlyList<string> Reasons, TimeSpan Elapsed);
}
