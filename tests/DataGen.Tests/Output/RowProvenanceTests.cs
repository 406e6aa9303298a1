using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Output;

/// <summary>
/// Provenance on every row and every reject, proven over HTTP against the scripted-reply server: a run through the
/// real <c>openai</c> provider where the test writes the reviewers' critiques (and breaks chosen samples on purpose),
/// and every other step gets the clean simulator's reply. Critiques are planted with the sampling seed in them, so each
/// row's critique column is tied to the request that wrote it.
/// </summary>
[NonParallelizable]
public sealed class RowProvenanceTests
{
    private const string Unparseable = "I reviewed the reply and it is fine as it is.";

    /// <summary>Column groups every row and every reject must carry, whatever the kind.</summary>
    private static readonly string[] ProvenanceColumns =
    [
        "step_prompt_ids", "step_models", "ablations", "axes", "sampling_seed", "temperature", "judge_model", "constitution_sha256",
        "scenario", "prompt_before_rewrite", "prompt_critique", "rewritten_prompt", "injection_id", "response_before_rewrite",
        "response_critique", "advice_principle_id", "text_before_rewrite", "document_critique", "principle_id", "prompt_id", "provenance",
    ];

    private readonly SimulatedReplyWriter _simulator = new(SimulatorOptions.Clean);
    private readonly ConcurrentDictionary<long, string> _fate = new();
    private TempDirectory _dir = null!;
    private string _output = null!;
    private JsonNode _manifest = null!;
    private string _stdout = null!;

    [OneTimeSetUp]
    public async Task RunOnceAsync()
    {
        await using var server = await ScriptedReplyServer.StartAsync(Reply);
        _dir = new TempDirectory();
        var config = _dir.CopyRepoInputs();
        // Reserved names rejected rather than replaced: with the shipped "replace" the gate would repair the planted name
        // in the advice chat, and this fixture needs a name-hygiene reject.
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["quality"]!["decontamination"]!["reservedNames"] = "reject";
        await File.WriteAllTextAsync(config, json.ToJsonString());
        _output = _dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", _output, "--limit", "8",
            "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "scripted-model");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        _stdout = run.Stdout;
        Assert.That(server.RequestsFor("advice_chats/response_rewrite"), Is.Not.Empty);
        _manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_output, "manifest.json")))!;
    }

    [OneTimeTearDown]
    public void CleanUp() => _dir.Dispose();

    [Test]
    public void Rows_PlantedCritiques_LandInTheirColumnsForTheSeedThatWroteThem()
    {
        var chats = Query($"SELECT sampling_seed, principle_id, map_from_entries(axes)['principle'] AS principle, advice_principle_id, prompt_critique, response_critique, response_before_rewrite, messages[3].content AS final FROM read_parquet('{Shards("advice_chats")}')");
        var documents = Query($"SELECT sampling_seed, document_critique, text_before_rewrite, text FROM read_parquet('{Shards("documents")}')");

        Assert.That(chats, Is.Not.Empty);
        Assert.That(documents, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (var row in chats)
            {
                var seed = Convert.ToInt64(row["sampling_seed"], CultureInfo.InvariantCulture);
                Assert.That(row["prompt_critique"], Is.EqualTo(PromptCritique(seed)));
                var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(((string)row["principle"]!).Trim())))[..8];
                Assert.That(row["advice_principle_id"], Is.EqualTo($"{row["principle_id"]}#{hash}"));
                Assert.That(row["response_critique"], Is.EqualTo(ResponseCritique(seed)));
                Assert.That(row["response_before_rewrite"], Does.Contain(DraftMarker(seed)), "the draft response, before the rewrite, is the one the response step returned");
            }

            foreach (var row in documents)
            {
                var seed = Convert.ToInt64(row["sampling_seed"], CultureInfo.InvariantCulture);
                Assert.That(row["document_critique"], Is.EqualTo(DocumentCritique(seed)));
                Assert.That(row["text_before_rewrite"], Does.Contain(DraftMarker(seed)));
            }
        }
    }

    [Test]
    public void Rejects_DroppedAtTheRewriteOrByNameHygiene_CarryTheSameProvenanceAsAKeptRow()
    {
        var kept = Query($"SELECT * FROM read_parquet('{Shards("advice_chats")}')");
        var rejects = Query($"SELECT * FROM read_parquet('{Shards("rejects")}') WHERE kind = 'advice_chats' AND stage IN ('generate', 'name_hygiene')");
        var unparseable = rejects.Where(r => (string?)r["reason"] == "unparseable").ToList();
        var named = rejects.Where(r => (string?)r["reason"] == "reserved_name").ToList();

        Assert.That(unparseable, Has.Count.EqualTo(1), "one seed's response rewrite never parses");
        Assert.That(named, Has.Count.EqualTo(1), "one seed's rewritten response names a held-out eval character");
        Assert.That(DuckDb.Columns(Shards("rejects")), Is.SupersetOf(ProvenanceColumns).And.SupersetOf(DuckDb.Columns(Shards("advice_chats"))));
        var row = kept[0];
        using (Assert.EnterMultipleScope())
        {
            foreach (var reject in unparseable.Concat(named))
            {
                var seed = Convert.ToInt64(reject["sampling_seed"], CultureInfo.InvariantCulture);
                Assert.That(Keys(reject["step_prompt_ids"]), Is.EquivalentTo(Keys(row["step_prompt_ids"])), "the failing step is listed with the ones before it");
                Assert.That(Keys(reject["step_models"]), Is.EquivalentTo(Keys(row["step_prompt_ids"])), "the model of every step that ran, the failing one included");
                Assert.That(Entries(reject["ablations"]), Is.EqualTo(Entries(row["ablations"])));
                Assert.That(Keys(reject["axes"]), Is.EquivalentTo(Keys(row["axes"])));
                foreach (var column in new[] { "temperature", "judge_model", "constitution_sha256", "provider", "model" })
                {
                    Assert.That(reject[column], Is.EqualTo(row[column]).And.Not.Null, column);
                }

                Assert.That(reject["principle_title"], Is.Not.Null.And.Not.Empty);
                Assert.That(reject["advice_principle_id"], Does.StartWith(reject["principle_id"] + "#"));
                Assert.That(reject["scenario"], Is.Not.Null.And.Not.Empty);
                Assert.That(reject["prompt_before_rewrite"], Does.StartWith("[system]"));
                Assert.That(reject["rewritten_prompt"], Does.StartWith("[system]"));
                Assert.That(reject["prompt_critique"], Is.EqualTo(PromptCritique(seed)));
                Assert.That(reject["injection_id"], Is.EqualTo(row["injection_id"]));
                Assert.That(reject["response_before_rewrite"], Does.Contain(DraftMarker(seed)));
            }

            var failed = unparseable.Single();
            Assert.That(failed["raw_reply"], Is.EqualTo(Unparseable));
            Assert.That(failed["prompt_id"], Does.StartWith("advice_chats/response_rewrite.md@"));
            Assert.That((IList)failed["messages"]!, Is.Empty);
            Assert.That(failed["response_critique"], Is.Null, "the failed rewrite wrote no critique");

            var hygiene = named.Single();
            Assert.That(hygiene["stage"], Is.EqualTo("name_hygiene"));
            var turns = ((IList)hygiene["messages"]!).Cast<IDictionary>().Select(t => ((string)t["role"]!, (string)t["content"]!)).ToList();
            Assert.That(turns.Select(t => t.Item1), Is.EqualTo(new[] { "system", "user", "assistant" }), "a rejected chat keeps messages as {role, content} like a kept row");
            Assert.That(turns[2].Item2, Does.Contain("Kyle Johnson"));
            Assert.That(hygiene["response_critique"], Is.EqualTo(ResponseCritique(Convert.ToInt64(hygiene["sampling_seed"], CultureInfo.InvariantCulture))));
            Assert.That(hygiene["raw_reply"], Is.Null);
        }
    }

    [Test]
    public void Manifest_EveryKind_RequestedEqualsRowsPlusEveryDrop()
    {
        var rejects = Query($"SELECT kind, stage, reason, count(*) AS n FROM read_parquet('{Shards("rejects")}') GROUP BY ALL");

        using (Assert.EnterMultipleScope())
        {
            foreach (var kind in new[] { "documents", "stories", "advice_chats" })
            {
                var figures = _manifest["kinds"]![kind]!;
                var stages = figures["stages"]!.AsArray();
                var drops = stages.SelectMany(s => s!["dropped"]!.AsObject().Select(d => (Stage: s["stage"]!.GetValue<string>(), Reason: d.Key, N: d.Value!.GetValue<long>()))).ToList();
                Assert.That(figures["rows"]!.GetValue<long>() + drops.Sum(d => d.N), Is.EqualTo(figures["requested"]!.GetValue<long>()), kind);
                Assert.That(figures["rows"]!.GetValue<long>(), Is.EqualTo(DuckDb.Count(Shards(kind))), kind);
                var written = rejects.Where(r => (string)r["kind"]! == kind).Select(r => ((string)r["stage"]!, (string)r["reason"]!, Convert.ToInt64(r["n"], CultureInfo.InvariantCulture)));
                Assert.That(drops.Select(d => (d.Stage, d.Reason, d.N)), Is.EquivalentTo(written), $"{kind}: the funnel's drops are the rejects written");
            }

            var advice = _manifest["kinds"]!["advice_chats"]!["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == "name_hygiene")!;
            Assert.That(advice["dropped"]!["reserved_name"]!.GetValue<long>(), Is.EqualTo(1));
            var line = _stdout.Split('\n').Single(l => l.StartsWith("advice_chats ", StringComparison.Ordinal));
            Assert.That(line, Does.Contain("name_hygiene:reserved_name=1").And.Contain("generate:unparseable=1"), "the console summary lists every drop");
            var chats = _manifest["kinds"]!["advice_chats"]!;
            Assert.That(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..4], Is.EqualTo(new[]
            {
                chats["requested"]!.ToString(), chats["rows"]!.ToString(), (chats["requested"]!.GetValue<long>() - chats["rows"]!.GetValue<long>()).ToString(CultureInfo.InvariantCulture),
            }));
        }
    }

    private static string PromptCritique(long seed) => $"The drafted user message for seed {seed} reads like a brief, not a person; the system prompt hints at the principle.";

    private static string ResponseCritique(long seed) => $"Problems (seed {seed}):\n- the reply opens with its verdict\n- it does not weigh the colleague's interests";

    private static string DocumentCritique(long seed) => $"Problems (seed {seed}):\n- the second paragraph overstates how often the principle applies";

    private static string DraftMarker(long seed) => $"Draft written for seed {seed}.";

    private string? Reply(ScriptedRequest request)
    {
        var seed = request.Seed ?? -1;
        switch (request.Step)
        {
            case "advice_chats/response" or "documents/draft":
                // The simulator's draft with a sentence naming the seed, so the pre-rewrite column can be traced.
                var tag = request.Step == "documents/draft" ? "document" : "response";
                return Simulated(request).Replace($"<{tag}>", $"<{tag}>\n{DraftMarker(seed)}", StringComparison.Ordinal);
            case "advice_chats/prompt_rewrite":
                var json = JsonNode.Parse(Simulated(request))!.AsObject();
                json["problems"] = PromptCritique(seed);
                return json.ToJsonString();
            case "documents/rewrite":
                return Reviewed(request, DocumentCritique(seed), "improved_document", null);
            case "advice_chats/response_rewrite":
                // The first seed to reach this step never gets a parseable rewrite, the second gets one naming a
                // reserved eval name, every other one a planted critique.
                string fate;
                lock (_fate)
                {
                    fate = _fate.GetOrAdd(seed, _ => _fate.Count switch { 0 => "unparseable", 1 => "named", _ => "planted" });
                }

                return fate switch
                {
                    "unparseable" => Unparseable,
                    "named" => Reviewed(request, ResponseCritique(seed), "improved_response", "Kyle Johnson would say the same."),
                    _ => Reviewed(request, ResponseCritique(seed), "improved_response", null),
                };
            default:
                return null;
        }
    }

    /// <summary>The simulator's reviewed text with the critique in front of the tag replaced by a planted one.</summary>
    private string Reviewed(ScriptedRequest request, string critique, string tag, string? extra)
    {
        var simulated = Simulated(request);
        var body = simulated[simulated.IndexOf($"<{tag}>", StringComparison.Ordinal)..];
        return $"{critique}\n\n{(extra is null ? body : body.Replace($"<{tag}>", $"<{tag}>\n{extra}", StringComparison.Ordinal))}";
    }

    private string Simulated(ScriptedRequest request) => _simulator.Write(request.Messages, new ChatOptions
    {
        ModelId = request.Model,
        Seed = request.Seed,
        ResponseFormat = request.JsonSchema is { } schema ? ChatResponseFormat.ForJsonSchema(schema) : null,
    }).Text;

    private string Shards(string folder) => Path.Combine(_output, folder, "*.parquet");

    private static List<Dictionary<string, object?>> Query(string sql) => DuckDb.Query(sql);

    private static Dictionary<string, string> Entries(object? column) =>
        ((IList)column!).Cast<IDictionary>().ToDictionary(e => (string)e["key"]!, e => (string)e["value"]!);

    private static List<string> Keys(object? column) => [.. Entries(column).Keys];
}
