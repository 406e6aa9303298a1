using System.Diagnostics;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DataGen.Tests.Cli;

/// <summary>Resume from the response store: SIGKILL mid-run, rerun, same rows, no answered request paid twice.</summary>
public sealed class ResumeTests
{
    [Test]
    public async Task Run_KilledWithSigkillAtSeveralPointsAndResumed_GivesTheRowsOfAnUninterruptedRunWithoutRepeatingCalls()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with { Latency = new LatencyOptions { MeanMs = 40 } });
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"]!["concurrency"] = 2;
        await File.WriteAllTextAsync(config, json.ToJsonString());
        string[] Args(string output) => ["run", "--config", config, "--out", output, "--limit", "12", "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "m"];

        var reference = await CliRun.InvokeAsync(Args(dir.Combine("reference")));
        Assert.That(reference.ExitCode, Is.Zero, reference.ToString());

        var output = dir.Combine("out");
        var store = Path.Combine(output, "responses.db");
        foreach (var killAt in new[] { 5, 14, 25 })
        {
            using var process = StartCli(Args(output));
            await WaitForStoreRowsAsync(store, killAt, process);
            process.Kill(); // SIGKILL on Linux: no cleanup, no manifest
            await process.WaitForExitAsync();
        }

        var storedBefore = StoreRows(store);
        var requestsBefore = server.Requests;
        var resumed = await CliRun.InvokeAsync(Args(output));
        var paid = server.Requests - requestsBefore;
        var storedAfter = StoreRows(store);

        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(storedBefore, Is.GreaterThanOrEqualTo(25));
            Assert.That(paid, Is.EqualTo(storedAfter - storedBefore), "every call made on resume was a request not answered before");
            foreach (var kind in new[] { "documents", "stories", "advice_chats" })
            {
                Assert.That(Rows(output, kind), Is.EqualTo(Rows(dir.Combine("reference"), kind)), kind);
            }
        }

        var requestsBeforeSecond = server.Requests;
        var second = await CliRun.InvokeAsync(Args(output));
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.ExitCode, Is.Zero, second.ToString());
            Assert.That(server.Requests, Is.EqualTo(requestsBeforeSecond), "a finished job makes zero model calls");
            Assert.That(manifest["usage"]!["total"]!["calls"]!.GetValue<long>(), Is.Zero);
            Assert.That(manifest["usage"]!["total"]!["replayedCalls"]!.GetValue<long>(), Is.EqualTo(storedAfter));
            Assert.That(second.Stdout, Does.Contain("0 model calls paid"));
        }
    }

    [Test]
    public async Task Run_PromptEdited_OnlyTheRequestsOfThatPromptArePaidAgain()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var output = dir.Combine("out");
        var first = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "4");
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var stored = StoreRows(Path.Combine(output, "responses.db"));
        await File.AppendAllTextAsync(dir.Combine("prompts", "stories", "draft_embodiment.md"), "\nKeep it under 800 words.\n");

        var second = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "4");

        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var byKind = manifest["usage"]!["byKind"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(byKind["stories"]!["calls"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(4));
            Assert.That(byKind["documents"]!["calls"]!.GetValue<long>(), Is.Zero);
            Assert.That(byKind["advice_chats"]!["calls"]!.GetValue<long>(), Is.Zero);
            Assert.That(StoreRows(Path.Combine(output, "responses.db")), Is.GreaterThan(stored));
        }
    }

    [Test]
    public async Task Run_DryRun_PrintsCallsTokensAndCostWithoutCallingOrWriting()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["prices"] = new JsonObject { ["sim-1"] = new JsonObject { ["inputPerMillion"] = 3, ["outputPerMillion"] = 15 } };
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"), "--dry-run", "--limit", "50");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Contain("dry run").And.Contain("documents/draft").And.Contain("total").And.Contain("assumptions"));
        var total = run.Stdout.Split('\n').Single(l => l.StartsWith("total", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var planned = DataGen.Planning.VolumePlanner.Plan(DataGen.Pipeline.PreparedRun.Prepare(DataGen.Configuration.PipelineConfigLoader.Load(config), 50));
        Assert.That(long.Parse(total[1], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(planned.Configured.Sum(k => k.Calls)), "the volume planner's calls: plan steps by fan-out, one call per enabled seed step and sample");
        Assert.That(decimal.Parse(total[4], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0m));
        Assert.That(Directory.Exists(dir.Combine("out")), Is.False);
    }

    [Test]
    public async Task Run_WithPrices_ManifestReportsTokensAndCostPerStageKindAndEndpoint()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["prices"] = new JsonObject { ["sim-1"] = new JsonObject { ["inputPerMillion"] = 3, ["outputPerMillion"] = 15 } };
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"), "--limit", "3");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var usage = JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("out", "manifest.json")))!["usage"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(usage["total"]!["cost"]!.GetValue<decimal>(), Is.GreaterThan(0m));
            Assert.That(usage["byStage"]!["generate"]!["inputTokens"]!.GetValue<long>(), Is.GreaterThan(0));
            Assert.That(usage["byKind"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "documents", "stories", "advice_chats" }));
            Assert.That(usage["byEndpoint"]!["simulated"]!["calls"]!.GetValue<long>(), Is.EqualTo(usage["total"]!["calls"]!.GetValue<long>()));
            Assert.That(usage["byModel"]!["sim-1"]!["cost"]!.GetValue<decimal>(), Is.EqualTo(usage["total"]!["cost"]!.GetValue<decimal>()));
        }
    }

    [Test]
    public async Task Run_CostCapReached_StopsCleanlyNonZeroAndResumesWithAHigherCap()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["prices"] = new JsonObject { ["sim-1"] = new JsonObject { ["inputPerMillion"] = 1000, ["outputPerMillion"] = 1000 } };
        json["budget"] = new JsonObject { ["maxCost"] = 5 };
        json["provider"]!["concurrency"] = 2;
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var capped = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"), "--limit", "10");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("out", "manifest.json")))!;

        Assert.That(capped.ExitCode, Is.EqualTo(2), capped.ToString());
        Assert.That(manifest["status"]!.GetValue<string>(), Is.EqualTo("budget_exceeded"));
        Assert.That(capped.Stderr, Does.Contain("cost cap reached"));

        json["budget"] = new JsonObject { ["maxCost"] = 100000 };
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var resumed = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"), "--limit", "10");
        var after = JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("out", "manifest.json")))!;

        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        Assert.That(after["usage"]!["total"]!["replayedCalls"]!.GetValue<long>(), Is.GreaterThan(0));
    }

    private static Process StartCli(string[] args)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "datagen.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForStoreRowsAsync(string store, long rows, Process process)
    {
        for (var i = 0; i < 3000 && !process.HasExited; i++)
        {
            if (File.Exists(store) && StoreRows(store) >= rows)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"the run did not record {rows} responses before exiting or timing out");
    }

    private static long StoreRows(string store)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM responses";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            // The table may not exist yet in the first milliseconds of a run.
            return 0;
        }
    }

    private static List<string> Rows(string output, string kind)
    {
        var content = kind == "advice_chats" ? "to_json(messages)::VARCHAR" : "text";
        return [.. DuckDb.Query($"SELECT id, {content} AS c FROM read_parquet('{Path.Combine(output, kind, "*.parquet")}') ORDER BY id").Select(r => $"{r["id"]}\t{r["c"]}")];
    }
}
