using DataGen.Configuration;
using DataGen.Output;
using DataGen.Pipeline;
using DataGen.Simulator;
using DataGen.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Pipeline;

/// <summary>
/// Simulated runs of the shipped config with each ablation switch flipped: the model calls per step (counted by a
/// wrapper around the simulator) and the provenance columns each run writes.
/// </summary>
public sealed class RecipeRunTests
{
    private const int PerKind = 6;

    private static readonly string[] AdviceSteps =
        ["advice_chats/scenario", "advice_chats/prompt", "advice_chats/prompt_rewrite", "advice_chats/response", "advice_chats/response_rewrite"];

    private TempDirectory _dir = null!;
    private (IReadOnlyDictionary<string, int> Calls, string Output, CountingChatClient Client, RunManifest Manifest) _baseline;

    [OneTimeSetUp]
    public async Task RunBaselineAsync()
    {
        _dir = new TempDirectory();
        _baseline = await RunAsync(new AblationOptions(), "baseline");
    }

    [OneTimeTearDown]
    public void Cleanup() => _dir.Dispose();

    [Test]
    public void Run_AllStepsOn_CallsEverySeedStepOncePerSample()
    {
        var calls = _baseline.Calls;

        using (Assert.EnterMultipleScope())
        {
            foreach (var step in new[] { "documents/draft", "documents/rewrite", "stories/draft_embodiment" }.Concat(AdviceSteps))
            {
                Assert.That(calls.GetValueOrDefault(step), Is.EqualTo(PerKind), step);
            }

            Assert.That(calls.Keys, Does.Not.Contain("documents/to_chat").And.Not.Contain("stories/draft_recitation"));
            Assert.That(calls.GetValueOrDefault("documents/types"), Is.GreaterThanOrEqualTo(1));
            Assert.That(calls.GetValueOrDefault("documents/subtypes"), Is.GreaterThanOrEqualTo(PerKind));
            Assert.That(calls.GetValueOrDefault("advice_chats/principles"), Is.GreaterThanOrEqualTo(22), "one list per constitution section");
            Assert.That(calls.GetValueOrDefault("advice_chats/prompt_types"), Is.GreaterThanOrEqualTo(1));
            Assert.That(calls.Keys, Does.Not.Contain("(none)"), "every call belongs to a step");
        }
    }

    [TestCase("documentRewrite", "documents/rewrite")]
    [TestCase("advicePromptRewrite", "advice_chats/prompt_rewrite")]
    [TestCase("adviceResponseRewrite", "advice_chats/response_rewrite")]
    public async Task Run_SwitchOff_RemovesExactlyItsStep(string ablation, string step)
    {
        var ablations = ablation switch
        {
            "documentRewrite" => new AblationOptions { DocumentRewrite = false },
            "advicePromptRewrite" => new AblationOptions { AdvicePromptRewrite = false },
            _ => new AblationOptions { AdviceResponseRewrite = false },
        };

        var run = await RunAsync(ablations, ablation);

        var expected = _baseline.Calls.Where(c => c.Key != step).ToDictionary();
        Assert.That(run.Calls, Is.EquivalentTo(expected));
        var kind = step.Split('/')[0];
        var flags = DuckDb.Query($"SELECT map_from_entries(ablations)['{ablation}'] AS flag FROM read_parquet('{Path.Combine(run.Output, kind, "*.parquet")}')");
        Assert.That(flags.Select(f => f["flag"]), Is.All.EqualTo("off"));
        Assert.That(run.Manifest.Config["generation"]!["ablations"]![ablation]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task Run_RecitationFraming_SwapsTheDraftStepAndRecordsTheFraming()
    {
        var run = await RunAsync(new AblationOptions { StoryFraming = AblationOptions.Recitation }, "recitation");

        var expected = _baseline.Calls.Where(c => c.Key != "stories/draft_embodiment").ToDictionary();
        expected["stories/draft_recitation"] = PerKind;
        Assert.That(run.Calls, Is.EquivalentTo(expected));
        var rows = DuckDb.Query($"SELECT framing FROM read_parquet('{Path.Combine(run.Output, "stories", "*.parquet")}')");
        Assert.That(rows.Select(r => r["framing"]), Is.All.EqualTo("recitation"));
    }

    [Test]
    public async Task Run_DocumentsAsChats_AddsTheConversionStepAndWritesMessages()
    {
        var run = await RunAsync(new AblationOptions { DocumentFormat = AblationOptions.Chats }, "chats");

        var expected = _baseline.Calls.ToDictionary();
        expected["documents/to_chat"] = PerKind;
        Assert.That(run.Calls, Is.EquivalentTo(expected));
        var rows = DuckDb.Query($"SELECT messages[1].role AS r1, messages[2].role AS r2, map_from_entries(provenance)['source_document'] AS source FROM read_parquet('{Path.Combine(run.Output, "documents", "*.parquet")}')");
        Assert.That(rows.Select(r => (r["r1"], r["r2"])), Is.All.EqualTo(("user", "assistant")));
        Assert.That(rows.Select(r => r["source"]), Is.All.Not.Null);
    }

    [Test]
    public async Task Run_InjectionOff_SameCallsNoInjectionInTheResponsePromptAndNoInjectionId()
    {
        var run = await RunAsync(new AblationOptions { AdviceInjection = false }, "no-injection");

        Assert.That(run.Calls, Is.EquivalentTo(_baseline.Calls));
        var injection = await File.ReadAllTextAsync(Path.Combine(TestPaths.Prompts, "advice_chats", "injections", "conglomerate.md"));
        string Systems(CountingChatClient client) => string.Join("\n", client.Requests["advice_chats/response"].SelectMany(r => r).Where(m => m.Role.Value == "system").Select(m => m.Text));
        Assert.That(Systems(_baseline.Client), Does.Contain(injection.Trim()[..60]));
        Assert.That(Systems(run.Client), Does.Not.Contain(injection.Trim()[..60]));
        var ids = DuckDb.Query($"SELECT injection_id FROM read_parquet('{Path.Combine(run.Output, "advice_chats", "*.parquet")}')");
        Assert.That(ids.Select(r => r["injection_id"]), Is.All.Null);
    }

    [Test]
    public void Provenance_AdviceChats_ShowEveryStepAndKeepTheInjectionOutOfTheMessages()
    {
        var rows = DuckDb.Query($"""
            SELECT scenario, prompt_before_rewrite, rewritten_prompt, injection_id, response_before_rewrite, rewrite_changed,
                   messages[1].role AS r1, messages[1].content AS system, messages[3].content AS final, list_transform(messages, m -> m.content) AS contents,
                   map_from_entries(step_prompt_ids)['response_rewrite'] AS rewrite_prompt
            FROM read_parquet('{Path.Combine(_baseline.Output, "advice_chats", "*.parquet")}')
            """);

        Assert.That(rows, Has.Count.EqualTo(PerKind));
        using (Assert.EnterMultipleScope())
        {
            foreach (var row in rows)
            {
                Assert.That(row["scenario"], Is.Not.Null.And.Not.Empty);
                Assert.That(row["prompt_before_rewrite"], Does.StartWith("[system]"));
                Assert.That(row["rewritten_prompt"], Does.StartWith("[system]"));
                Assert.That(row["injection_id"], Does.StartWith("advice_chats/injections/conglomerate.md@"));
                Assert.That(row["response_before_rewrite"], Is.Not.Null.And.Not.Empty);
                Assert.That(row["rewrite_changed"], Is.Not.Null);
                Assert.That(row["r1"], Is.EqualTo("system"));
                Assert.That((string)row["system"]!, Does.Not.Contain("Before you answer"), "the injection never reaches the row");
                Assert.That(row["rewrite_prompt"], Does.StartWith("advice_chats/response_rewrite.md@"));
            }
        }

        Assert.That(rows.Count(r => (bool)r["rewrite_changed"]!), Is.GreaterThan(0), "some rewrites change the response");
        Assert.That(rows.Where(r => !(bool)r["rewrite_changed"]!).Select(r => (r["final"], r["response_before_rewrite"])), Has.All.Matches<(object?, object?)>(p => Equals(p.Item1, p.Item2)));
    }

    [Test]
    public void Provenance_Documents_ShowTypeSubtypeAndWhetherTheRewriteChangedIt()
    {
        var rows = DuckDb.Query($"SELECT document_type, document_subtype, rewrite_changed, text_before_rewrite, text FROM read_parquet('{Path.Combine(_baseline.Output, "documents", "*.parquet")}')");

        Assert.That(rows, Has.Count.EqualTo(PerKind));
        Assert.That(rows.Select(r => r["document_type"]), Is.All.Not.Null);
        Assert.That(rows.Select(r => r["document_subtype"]), Is.All.Not.Null.And.All.Not.Empty);
        Assert.That(rows.Select(r => r["rewrite_changed"]), Is.All.Not.Null);
        Assert.That(rows.Where(r => (bool)r["rewrite_changed"]!).Select(r => r["text"]), Is.Not.EqualTo(rows.Where(r => (bool)r["rewrite_changed"]!).Select(r => r["text_before_rewrite"])));
    }

    [Test]
    public void Provenance_Stories_StoreEveryDrawnAttribute()
    {
        var rows = DuckDb.Query($"SELECT list_transform(axes, a -> a.key) AS keys, framing FROM read_parquet('{Path.Combine(_baseline.Output, "stories", "*.parquet")}')");

        Assert.That(rows, Has.Count.EqualTo(PerKind));
        foreach (var row in rows)
        {
            Assert.That(((System.Collections.IEnumerable)row["keys"]!).Cast<object>().Select(k => k.ToString()),
                Is.EquivalentTo(new[] { "genre", "setting", "tone", "period", "length", "point_of_view", "prose_style", "situation", "costly_choice", "ai_name" }));
            Assert.That(row["framing"], Is.EqualTo("embodiment"));
        }
    }

    private async Task<(IReadOnlyDictionary<string, int> Calls, string Output, CountingChatClient Client, RunManifest Manifest)> RunAsync(AblationOptions ablations, string name)
    {
        var loaded = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var output = _dir.Combine(name);
        var options = loaded with
        {
            Simulator = SimulatorOptions.Clean,
            Generation = loaded.Generation with { Ablations = ablations },
            Output = loaded.Output with { Directory = output },
            Dedupe = new DedupeOptions { Exact = false },
            Quality = QualityOptions.Off,
        };
        using var client = new CountingChatClient(new SimulatedChatClient(options.Simulator, options.Provider.Model));
        var manifest = await new PipelineRunner(client, NullLoggerFactory.Instance, TimeProvider.System).RunAsync(PreparedRun.Prepare(options, PerKind), name, CancellationToken.None);
        Assert.That(manifest.Status, Is.EqualTo("completed"), manifest.Error);
        return (client.Calls, output, client, manifest);
    }
}
