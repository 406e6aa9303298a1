using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;

namespace DataGen.Tests.Providers.Routing;

public sealed class ProviderRoutingRunTests
{
    private static readonly string[] ListSteps = ["documents.types", "documents.subtypes", "adviceChats.principles", "adviceChats.prompt_types"];

    [Test]
    public async Task Run_ListsContentAndJudgeOnThreeProviders_EachCallReachesItsOwnEndpointAndModel()
    {
        await using var lists = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean);
        await using var content = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean);
        await using var judge = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"] = new JsonObject { ["name"] = "openai", ["model"] = "content-model", ["endpoint"] = content.BaseUrl.ToString(), ["concurrency"] = 8 };
        json["providers"] = new JsonObject
        {
            ["cheap"] = new JsonObject { ["name"] = "openai", ["model"] = "list-model", ["endpoint"] = lists.BaseUrl.ToString(), ["concurrency"] = 2 },
            ["grader"] = new JsonObject { ["name"] = "openai", ["model"] = "judge-model", ["endpoint"] = judge.BaseUrl.ToString(), ["concurrency"] = 4 },
        };
        foreach (var path in ListSteps)
        {
            var (kind, step) = (path.Split('.')[0], path.Split('.')[1]);
            var steps = json["generation"]![kind]!["steps"] as JsonObject ?? [];
            steps[step] = new JsonObject { ["provider"] = "cheap" };
            json["generation"]![kind]!["steps"] = steps;
        }

        json["quality"]!["judge"]!["provider"] = "grader";
        json["prices"] = new JsonObject
        {
            ["list-model"] = new JsonObject { ["inputPerMillion"] = 0.1, ["outputPerMillion"] = 0.2 },
            ["content-model"] = new JsonObject { ["inputPerMillion"] = 3, ["outputPerMillion"] = 15 },
            ["judge-model"] = new JsonObject { ["inputPerMillion"] = 1, ["outputPerMillion"] = 5 },
        };
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var output = dir.Combine("out");
        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "4");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var byModel = manifest["usage"]!["byModel"]!.AsObject();
        var byStage = manifest["usage"]!["byStage"]!.AsObject();

        using (Assert.EnterMultipleScope())
        {
            // Each server saw only its own model, and as many calls as the ledger counts for that model.
            Assert.That(lists.RequestsByModel.Keys, Is.EquivalentTo(new[] { "list-model" }));
            Assert.That(content.RequestsByModel.Keys, Is.EquivalentTo(new[] { "content-model" }));
            Assert.That(judge.RequestsByModel.Keys, Is.EquivalentTo(new[] { "judge-model" }));
            Assert.That(byModel.Select(p => p.Key), Is.EquivalentTo(new[] { "list-model", "content-model", "judge-model" }));
            Assert.That(byModel["list-model"]!["calls"]!.GetValue<long>(), Is.EqualTo(lists.Requests).And.GreaterThan(0));
            Assert.That(byModel["content-model"]!["calls"]!.GetValue<long>(), Is.EqualTo(content.Requests).And.GreaterThan(0));
            Assert.That(byModel["judge-model"]!["calls"]!.GetValue<long>(), Is.EqualTo(judge.Requests).And.GreaterThan(0));
            // Every judge call went to the judge's provider, every list-making (plan) call to the cheap one.
            Assert.That(judge.Requests, Is.EqualTo(byStage["judge"]!["calls"]!.GetValue<long>()));
            Assert.That(lists.Requests, Is.EqualTo(byStage["plan"]!["calls"]!.GetValue<long>()));
            Assert.That(manifest["usage"]!["byEndpoint"]!.AsObject().Count, Is.EqualTo(3));
            Assert.That(byModel["content-model"]!["cost"]!.GetValue<decimal>(), Is.GreaterThan(byModel["list-model"]!["cost"]!.GetValue<decimal>()));
        }

        // A rerun replays every call from the store under the same routed keys: nothing reaches any server again.
        var (listCalls, contentCalls, judgeCalls) = (lists.Requests, content.Requests, judge.Requests);
        var rerun = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "4");
        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That((lists.Requests, content.Requests, judge.Requests), Is.EqualTo((listCalls, contentCalls, judgeCalls)));
    }

    [Test]
    public async Task Run_RewriteRoutedToASecondProvider_RowsAndRejectsNameTheModelOfEachStep()
    {
        await using var main = await SimulatorHttpServer.StartAsync(new SimulatorOptions());
        await using var reviewer = await SimulatorHttpServer.StartAsync(new SimulatorOptions());
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["provider"] = new JsonObject { ["name"] = "openai", ["model"] = "draft-model", ["endpoint"] = main.BaseUrl.ToString() };
        json["providers"] = new JsonObject { ["review"] = new JsonObject { ["name"] = "openai", ["model"] = "review-model", ["endpoint"] = reviewer.BaseUrl.ToString() } };
        json["generation"]!["documents"]!["steps"] = new JsonObject { ["rewrite"] = new JsonObject { ["provider"] = "review" } };
        await File.WriteAllTextAsync(config, json.ToJsonString());
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "12");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        string Models(string folder, string where) => string.Join(";", DuckDb.Query(
            $"SELECT DISTINCT list_transform(list_sort(step_models), e -> e.key || '=' || e.value) AS m FROM read_parquet('{Path.Combine(output, folder, "*.parquet")}') WHERE {where}")
            .Select(r => string.Join(",", ((System.Collections.IEnumerable)r["m"]!).Cast<object>())));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Models("documents", "true"), Is.EqualTo("draft=draft-model,rewrite=review-model"));
            Assert.That(Models("stories", "true"), Does.Contain("=draft-model").And.Not.Contain("review-model"));
            // A reject dropped after generation carries the same per-step models as a kept row.
            Assert.That(Models("rejects", "kind = 'documents' AND stage <> 'generate'"), Is.EqualTo("draft=draft-model,rewrite=review-model").Or.Empty);
            Assert.That(Models("rejects", "kind = 'documents' AND stage = 'generate' AND detail LIKE 'step rewrite%'"), Is.EqualTo("draft=draft-model,rewrite=review-model").Or.Empty);
        }
    }

    [Test]
    public async Task Run_UnpricedRoutedModelWithBudget_ExitsOneNamingTheModelBeforeAnyCall()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["providers"] = new JsonObject { ["grader"] = new JsonObject { ["name"] = "openai", ["model"] = "unpriced-judge", ["endpoint"] = server.BaseUrl.ToString() } };
        json["quality"]!["judge"]!["provider"] = "grader";
        json["budget"] = new JsonObject { ["maxCost"] = 10 };
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"), "--limit", "2");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stderr, Does.Contain("unpriced-judge").And.Contain("$.prices").And.Contain("$.providers.grader.model"));
            Assert.That(server.Requests, Is.Zero);
            Assert.That(File.Exists(dir.Combine("out", "manifest.json")), Is.False);
        }
    }

    [Test]
    public async Task Run_UnpricedModelWithoutBudget_WarnsLoudlyAndDryRunSaysSo()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["quality"]!["judge"]!["model"] = "judge-without-price";
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var dry = await CliRun.InvokeAsync("run", "--config", config, "--dry-run", "--limit", "2");
        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"), "--limit", "2");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dry.ExitCode, Is.Zero, dry.ToString());
            Assert.That(dry.Stdout, Does.Contain("WARNING: model judge-without-price (used by $.quality.judge.model) has no price"));
            Assert.That(dry.Stdout, Does.Contain("documents/judge").And.Contain("default/judge-without-price"));
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Stderr, Does.Contain("WARNING: model judge-without-price"));
        }
    }

    [TestCase("$.generation.documents.steps.types.provider", "nosuch")]
    [TestCase("$.quality.judge.provider", "nosuch")]
    public async Task Validate_UnknownProviderName_NamesItsJsonPath(string path, string name)
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["providers"] = new JsonObject { ["cheap"] = new JsonObject { ["name"] = "simulated", ["model"] = "sim-1" } };
        if (path.StartsWith("$.quality", StringComparison.Ordinal))
        {
            json["quality"]!["judge"]!["provider"] = name;
        }
        else
        {
            json["generation"]!["documents"]!["steps"] = new JsonObject { ["types"] = new JsonObject { ["provider"] = name } };
        }

        await File.WriteAllTextAsync(config, json.ToJsonString());

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Load(config));

        Assert.That(ex!.Message, Does.Contain($"{path}: unknown provider '{name}'; expected default or one of cheap"));
    }

    [Test]
    public async Task Validate_StepTheRecipeDoesNotHave_NamesItsJsonPath()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["generation"]!["stories"]!["steps"] = new JsonObject { ["drafting"] = new JsonObject { ["provider"] = "default" } };
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var run = await CliRun.InvokeAsync("validate", "--config", config);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("$.generation.stories.steps.drafting: stories has no step 'drafting'"));
    }
}
