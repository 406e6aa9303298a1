using System.Text.Json.Nodes;
using DataGen.Tests.Support;

namespace DataGen.Tests.Cli;

public sealed class RunCommandTests
{
    private static readonly string[] RequiredColumns =
        ["id", "kind", "principle_id", "principle_title", "prompt_id", "provider", "model", "simulated"];

    [Test]
    public async Task Run_ShippedConfig_WritesShardsOfAllThreeKindsAndAManifest()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", output, "--limit", "30");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stderr, Does.Contain("SIMULATED RUN"));
        foreach (var (kind, content) in new[] { ("documents", "text"), ("stories", "text"), ("advice_chats", "messages") })
        {
            var shard = Path.Combine(output, kind, "part-00000.parquet");
            Assert.That(DuckDb.Columns(shard), Is.SupersetOf(RequiredColumns.Append(content)), kind);
            var rows = DuckDb.Query($"SELECT kind, simulated, provider FROM read_parquet('{shard}')");
            Assert.That(rows, Has.Count.InRange(21, 30), kind); // at least 70%; measured 25-28 of 30 per kind with the failure checks and judge gates on
            Assert.That(rows.Select(r => r["kind"]), Is.All.EqualTo(kind));
            Assert.That(rows.Select(r => r["simulated"]), Is.All.True);
        }

        var chat = DuckDb.Query($"SELECT messages[1].role AS r1, messages[2].role AS r2, messages[3].role AS r3, len(messages) AS n FROM read_parquet('{Path.Combine(output, "advice_chats", "*.parquet")}')");
        Assert.That(chat.Select(r => (r["r1"], r["r2"], r["r3"])), Is.All.EqualTo(("system", "user", "assistant")));
        Assert.That(chat.Select(r => Convert.ToInt64(r["n"], System.Globalization.CultureInfo.InvariantCulture)), Is.All.EqualTo(3));

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        Assert.That(manifest["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(manifest["simulated"]!.GetValue<bool>(), Is.True);
        foreach (var kind in new[] { "documents", "stories", "advice_chats" })
        {
            var figures = manifest["kinds"]![kind]!;
            var generate = figures["stages"]!.AsArray().First(s => s!["stage"]!.GetValue<string>() == "generate")!;
            Assert.That(generate["seen"]!.GetValue<long>(), Is.EqualTo(30), kind);
            var rows = figures["rows"]!.GetValue<long>();
            Assert.That(DuckDb.Count(Path.Combine(output, kind, "*.parquet")), Is.EqualTo(rows), kind);
        }

        var shards = manifest["shards"]!.AsArray();
        Assert.That(shards, Has.Count.EqualTo(3));
        Assert.That(shards.Select(s => s!["sha256"]!.GetValue<string>()), Is.All.Match("^[0-9a-f]{64}$"));
        var rejects = DuckDb.Count(Path.Combine(output, "rejects", "*.parquet"));
        var total = shards.Sum(s => s!["rows"]!.GetValue<long>());
        Assert.That(total + rejects, Is.EqualTo(90), "every seed ends as a row or a reject");
        Assert.That(Directory.EnumerateFiles(Path.Combine(output, "logs"), "datagen-*.json"), Is.Not.Empty);
    }

    [Test]
    public async Task Run_Twice_GivesTheSameIdsAndContent()
    {
        using var dir = new TempDirectory();

        var first = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", dir.Combine("a"), "--limit", "12");
        var second = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", dir.Combine("b"), "--limit", "12");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        string Rows(string d) => string.Join("\n", DuckDb.Query($"SELECT id, text FROM read_parquet('{dir.Combine(d, "stories", "*.parquet")}') ORDER BY id").Select(r => $"{r["id"]} {r["text"]}"));
        Assert.That(Rows("b"), Is.EqualTo(Rows("a")));
    }

    [Test]
    public async Task Run_MalformedConfig_ExitsOneNamingTheLineAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        await File.WriteAllTextAsync(config, "{\n  \"constitution\": { \"path\": \"constitution/constitution.md\" },\n  \"output\": { \"directory\": \"out\" ,, }\n}");

        var run = await CliRun.InvokeAsync("run", "--config", config);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain(config).And.Contain("line 3"));
        Assert.That(Directory.Exists(dir.Combine("out")), Is.False);
    }

    [Test]
    public async Task Run_MissingPrompt_ExitsOneNamingTheFileAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        File.Delete(dir.Combine("prompts", "stories", "draft_recitation.md"));

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"));

        // The recitation draft is off by default, yet its prompt is still required: switching framing must not fail mid-study.
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain(dir.Combine("prompts", "stories", "draft_recitation.md")).And.Contain("step 'draft_recitation' of stories"));
        Assert.That(Directory.Exists(dir.Combine("out")), Is.False);
    }

    [Test]
    public async Task Run_UnknownPlaceholder_ExitsOneNamingTheFileLineAndPlaceholder()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var prompt = dir.Combine("prompts", "documents", "draft.md");
        await File.AppendAllTextAsync(prompt, "Mood: {{ mood }}\n");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"));

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain(prompt).And.Contain("{{ mood }} has no value").And.Match("line [0-9]+"));
        Assert.That(Directory.Exists(dir.Combine("out")), Is.False);
    }

    [Test]
    public async Task Run_EmptyConstitution_ExitsOneAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        await File.WriteAllTextAsync(dir.Combine("constitution", "constitution.md"), "\n");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", dir.Combine("out"));

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain(dir.Combine("constitution", "constitution.md")).And.Contain("empty"));
        Assert.That(Directory.Exists(dir.Combine("out")), Is.False);
    }

    [Test]
    public async Task Validate_ShippedConfig_RendersAPromptOfEachKindAndWritesNothing()
    {
        var run = await CliRun.InvokeAsync("validate", "--config", TestPaths.PipelineJson);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        string[] steps =
        [
            "documents/types", "documents/subtypes", "documents/draft", "documents/draft_group", "documents/rewrite", "documents/to_chat",
            "stories/draft_embodiment", "stories/draft_recitation",
            "advice_chats/principles", "advice_chats/prompt_types", "advice_chats/scenario", "advice_chats/prompt", "advice_chats/prompt_rewrite",
            "advice_chats/response", "advice_chats/response_rewrite",
        ];
        foreach (var step in steps)
        {
            Assert.That(run.Stdout, Does.Contain($"{step}: {step}.md@"), step);
            Assert.That(run.Stdout, Does.Contain($"--- {step} for principle "), step);
        }

        // The shipped config has the judge on: each kind names the rubric that scores it.
        foreach (var kind in new[] { "documents", "stories", "advice_chats" })
        {
            Assert.That(run.Stdout, Does.Contain($"{kind}/judge: judge/{kind}.md@"), kind);
        }

        Assert.That(Directory.EnumerateFiles(TestPaths.Prompts, "*.md", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(TestPaths.Prompts, f).Replace('\\', '/')[..^3])
                .Where(n => !n.EndsWith("/preamble", StringComparison.Ordinal) && !n.Contains("/injections/", StringComparison.Ordinal) && !n.StartsWith("judge/", StringComparison.Ordinal)
                    && n != DataGen.Quality.Decontamination.ContaminationJudge.StepName),
            Is.EquivalentTo(steps), "one prompt file per step, plus preambles, injections, the quality judge's rubrics and the LLM contamination judge's prompt");
        Assert.That(run.Stdout, Does.Contain("documents/to_chat: documents/to_chat.md@").And.Contain("off by generation.ablations.documentFormat"));
        Assert.That(run.Stdout, Does.Contain("[user]").And.Contain("Principle: ").And.EndWith("valid\n"));
        Assert.That(run.Stdout, Does.Not.Contain("{{"));
    }

    [Test]
    public async Task Plan_ShippedConfig_PrintsStepsForConfiguredAndPublishedVolumes()
    {
        var run = await CliRun.InvokeAsync("plan", "--config", TestPaths.PipelineJson, "--limit", "30");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Contain("== configured counts").And.Contain("== published volumes"));
        Assert.That(run.Stdout, Does.Contain("advice_chats/response_rewrite").And.Contain("documents/types (plan)").And.Contain("stories/draft_recitation (off)"));
        Assert.That(run.Stdout, Does.Contain("assumptions:"));
    }

    [Test]
    public async Task Validate_BadStoryGrid_ExitsOneNamingEachProblem()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["generation"]!["stories"]!["exclusions"] = new JsonArray(new JsonArray("genre=space opera", "period=the present day"));
        json["generation"]!["stories"]!["aiNames"] = new JsonArray("Wren", "NovaStar");
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var run = await CliRun.InvokeAsync("validate", "--config", config);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("$.generation.stories.exclusions[0]: 'space opera' is not a value of genre")
            .And.Contain("'NovaStar' is a banned, reserved or real name").And.Contain("cannot keep each"));
    }

    [Test]
    public async Task Help_EveryCommand_Answers()
    {
        foreach (var command in new[] { "run", "validate", "plan" })
        {
            var run = await CliRun.InvokeAsync(command, "--help");

            Assert.That(run.ExitCode, Is.Zero, command);
            Assert.That(run.Stdout, Does.Contain("--config"), command);
        }
    }
}
