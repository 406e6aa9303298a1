using System.Diagnostics;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;

namespace DataGen.Tests.Providers.Batching;

/// <summary>Batch mode over loopback HTTP against the simulator server's OpenAI Batches and Anthropic Message Batches.</summary>
public sealed class BatchRunTests
{
    private const string KeyVariable = "DATAGEN_TEST_BATCH_ANTHROPIC_KEY";

    [SetUp]
    public void SetKey() => Environment.SetEnvironmentVariable(KeyVariable, "test-key-not-secret");

    [TearDown]
    public void ClearKey() => Environment.SetEnvironmentVariable(KeyVariable, null);

    [Test]
    public async Task Run_OpenAIBatchWithFailuresAndExpiry_CompletesEveryCallBatchedResubmittedAndAtTheBatchPrice()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with
        {
            Batch = new SimulatedBatchOptions { CompletionSeconds = 0.3, FailureRate = 0.2, ExpiryRate = 0.1 },
        });
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir, "openai", server.BaseUrl.ToString());
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "3", "--batch");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var total = manifest["usage"]!["total"]!;
        var (calls, batchCalls) = (total["calls"]!.GetValue<long>(), total["batchCalls"]!.GetValue<long>());
        var (input, outputTokens) = (total["inputTokens"]!.GetValue<long>(), total["outputTokens"]!.GetValue<long>());
        var fullPrice = ((input * 2m) + (outputTokens * 8m)) / 1_000_000m;
        var errors = DuckDb.Query($"SELECT count(*) AS n FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}') WHERE reason = 'error'");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(calls, Is.GreaterThan(0));
            Assert.That(batchCalls, Is.EqualTo(calls), "every call went through the batch API");
            Assert.That(server.Requests, Is.Zero, "no call went to chat completions");
            // Failed and expired requests were submitted again: more batch requests than answers.
            Assert.That(server.BatchRequestsSubmitted, Is.GreaterThan(calls));
            Assert.That(Convert.ToInt64(errors[0]["n"], System.Globalization.CultureInfo.InvariantCulture), Is.Zero, "every transient failure was recovered by resubmission");
            Assert.That(total["cost"]!.GetValue<decimal>(), Is.EqualTo(decimal.Round(fullPrice * 0.5m, 6)).Within(0.000002m));
            Assert.That(manifest["kinds"]!["documents"]!["rows"]!.GetValue<long>(), Is.GreaterThan(0));
        }
    }

    [Test]
    public async Task Run_RerunOfABatchRun_ReplaysEveryCallWorthTheBatchPrice()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with
        {
            Batch = new SimulatedBatchOptions { CompletionSeconds = 0.2 },
        });
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir, "openai", server.BaseUrl.ToString());
        var output = dir.Combine("out");

        var first = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "2", "--batch");
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var paid = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!["usage"]!["total"]!;
        var second = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "2", "--batch");

        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        var replayed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!["usage"]!["total"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(paid["batchCalls"]!.GetValue<long>(), Is.EqualTo(paid["calls"]!.GetValue<long>()).And.GreaterThan(0));
            Assert.That(replayed["calls"]!.GetValue<long>(), Is.Zero, "the rerun pays for nothing");
            Assert.That(replayed["replayedCalls"]!.GetValue<long>(), Is.EqualTo(paid["calls"]!.GetValue<long>()));
            // Replayed calls are worth what they cost when paid: the batch price, not the synchronous one.
            Assert.That(replayed["replayedCost"]!.GetValue<decimal>(), Is.EqualTo(paid["cost"]!.GetValue<decimal>()).And.GreaterThan(0m));
        }
    }

    [Test]
    public async Task Run_AnthropicMessageBatches_CompletesWithEveryCallBatched()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with
        {
            Batch = new SimulatedBatchOptions { CompletionSeconds = 0.2, ExpiryRate = 0.1 },
        });
        using var dir = new TempDirectory();
        var root = server.BaseUrl.ToString()[..^"v1".Length];
        var config = await ConfigAsync(dir, "anthropic", root);
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "2", "--batch");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var total = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!["usage"]!["total"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(total["calls"]!.GetValue<long>(), Is.GreaterThan(0));
            Assert.That(total["batchCalls"]!.GetValue<long>(), Is.EqualTo(total["calls"]!.GetValue<long>()));
            Assert.That(server.Requests, Is.Zero);
            Assert.That(server.BatchRequestsSubmitted, Is.GreaterThan(total["calls"]!.GetValue<long>()), "expired requests were submitted again");
        }
    }

    [Test]
    public async Task Run_KilledWhileBatchesAreInFlight_ResumesTheSameBatchesAndGivesTheSameRows()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with
        {
            Batch = new SimulatedBatchOptions { CompletionSeconds = 2 },
        });
        using var dir = new TempDirectory();
        var config = await ConfigAsync(dir, "openai", server.BaseUrl.ToString());
        var killed = dir.Combine("killed");
        var journal = Path.Combine(killed, "batches.jsonl");

        using (var process = StartCli(["run", "--config", config, "--out", killed, "--limit", "3", "--batch"]))
        {
            for (var i = 0; i < 600 && !(File.Exists(journal) && File.ReadAllLines(journal).Length >= 2) && !process.HasExited; i++)
            {
                await Task.Delay(50);
            }

            Assert.That(process.HasExited, Is.False, "the run must still be waiting on its batches when killed");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var before = File.ReadAllLines(journal).Select(l => JsonNode.Parse(l)!).ToList();
        var idsBefore = before.SelectMany(b => b["ids"]!.AsArray().Select(i => i!.GetValue<string>())).ToList();
        var createdBefore = server.BatchesCreated;

        var resumed = await CliRun.InvokeAsync("run", "--config", config, "--out", killed, "--limit", "3", "--batch");
        var whole = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("whole"), "--limit", "3", "--batch");

        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        Assert.That(whole.ExitCode, Is.Zero, whole.ToString());
        var after = File.ReadAllLines(journal).Select(l => JsonNode.Parse(l)!).ToList();
        var submissions = after.SelectMany(b => b["ids"]!.AsArray().Select(i => i!.GetValue<string>())).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(idsBefore, Is.Not.Empty);
            Assert.That(createdBefore, Is.GreaterThan(0));
            // The batches journalled before the kill were waited on, not submitted again.
            Assert.That(idsBefore.Select(i => submissions[i]), Is.All.EqualTo(1));
            Assert.That(after.Take(before.Count).Select(b => b["batch"]!.GetValue<string>()), Is.EqualTo(before.Select(b => b["batch"]!.GetValue<string>())));
            foreach (var kind in new[] { "documents", "stories", "advice_chats" })
            {
                Assert.That(Rows(Path.Combine(killed, kind)), Is.EqualTo(Rows(dir.Combine("whole", kind))), kind);
            }
        }
    }

    private static List<string> Rows(string folder) => !Directory.Exists(folder) || Directory.GetFiles(folder, "*.parquet").Length == 0
        ? []
        : [.. DuckDb.Query($"SELECT id || ':' || md5(CAST(COLUMNS('^(text|messages)$') AS VARCHAR)) AS r FROM read_parquet('{Path.Combine(folder, "*.parquet")}') ORDER BY id")
            .Select(r => (string)r["r"]!)];

    private static async Task<string> ConfigAsync(TempDirectory dir, string provider, string endpoint)
    {
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"] = new JsonObject
        {
            ["name"] = provider,
            ["model"] = "batch-model",
            ["endpoint"] = endpoint,
            ["apiKeyEnv"] = KeyVariable,
            ["batch"] = new JsonObject { ["gatherSeconds"] = 0.2, ["pollSeconds"] = 0.1, ["maxPollSeconds"] = 0.3 },
        };
        json["prices"] = new JsonObject { ["batch-model"] = new JsonObject { ["inputPerMillion"] = 2, ["outputPerMillion"] = 8 } };
        await File.WriteAllTextAsync(config, json.ToJsonString());
        return config;
    }

    private static Process StartCli(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "datagen.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[KeyVariable] = "test-key-not-secret";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
