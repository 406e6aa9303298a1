using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Cli;
using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Tests.Support;

namespace DataGen.Tests.Providers.Local;

/// <summary>
/// <c>datagen run|validate --provider local --model tiny.gguf</c> in-process over the repository's constitution and
/// prompts. The random model's documents and stories never parse, so most rows are rejected: that is expected and
/// counted; the test asserts the accounting, not the content.
/// </summary>
[TestFixture]
public sealed class LocalProviderEndToEndTests
{
    private string _folder = null!;
    private string _model = null!;
    private string _config = null!;

    [OneTimeSetUp]
    public void WriteModelAndConfig()
    {
        _folder = Directory.CreateTempSubdirectory("datagen-local-e2e-").FullName;
        _model = Path.Combine(_folder, "tiny.gguf");
        GgufWriter.Write(_model);
        var repo = RepositoryRoot();
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, "pipeline.json")))!.AsObject();
        config.Remove("$schema");
        // The tiny model's vocabulary is mostly single characters, so every character of a prompt is a token: a short
        // two-principle constitution keeps prompts near 1,500 tokens and the run to a few seconds.
        var constitution = Path.Combine(_folder, "constitution.md");
        File.WriteAllText(constitution, """
            # Test constitution

            ## Honesty

            {model_name} says only what it believes to be true, because people rely on its word.

            ## Care

            {model_name} weighs the interests of everyone its actions affect, because help that harms others is no help.
            """);
        config["constitution"]!["path"] = constitution;
        config["prompts"]!["directory"] = Path.Combine(repo, "prompts");
        // Decontamination is on in the shipped config, and a missing eval folder is an error: use the repository's.
        config["quality"]!["decontamination"]!["folder"] = Path.Combine(repo, "datasets", "eval");
        // A tiny random-weight model writes mostly unusable replies; the run must still finish and add up, so the
        // end-of-run error-share stop (budget.maxErrorShare) is off here.
        config["budget"] = new JsonObject { ["maxErrorShare"] = 1.0 };
        config["provider"] = new JsonObject
        {
            ["name"] = "simulated",
            ["maxOutputTokens"] = 64,
            ["concurrency"] = 2,
            ["timeoutSeconds"] = 60,
            ["local"] = new JsonObject { ["contextSize"] = 4096, ["threads"] = 1, ["batchSize"] = 512 },
        };
        foreach (var kind in new[] { "documents", "stories", "adviceChats" })
        {
            config["generation"]![kind]!.AsObject().Remove("maxOutputTokens");
        }

        _config = Path.Combine(_folder, "pipeline.json");
        File.WriteAllText(_config, config.ToJsonString());
    }

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Run_LocalTinyModel_WritesShardsRejectsAndAManifestThatAddsUp()
    {
        var output = Path.Combine(_folder, "out");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await DataGenCli.InvokeAsync(
            ["run", "--config", _config, "--provider", "local", "--model", _model, "--out", output, "--limit", "3"], stdout, stderr);

        Assert.That(code, Is.EqualTo(DataGenCli.Success), $"stdout:\n{stdout}\nstderr:\n{stderr}");
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, PipelineRunner.ManifestFile)));
        var root = manifest.RootElement;
        var kinds = root.GetProperty("kinds").EnumerateObject().Select(k => k.Value).ToList();
        var requested = kinds.Sum(k => k.GetProperty("requested").GetInt32());
        var rows = root.GetProperty("shards").EnumerateArray().Sum(s => s.GetProperty("rows").GetInt64());
        var rejects = root.GetProperty("rejects").EnumerateArray().Sum(s => s.GetProperty("rows").GetInt64());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(root.GetProperty("simulated").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("provider").GetProperty("name").GetString(), Is.EqualTo("local"));
            Assert.That(root.GetProperty("provider").GetProperty("model").GetString(), Is.EqualTo("tiny"));
            Assert.That(requested, Is.EqualTo(9));
            Assert.That(rows + rejects, Is.EqualTo(requested));
            Assert.That(rejects, Is.GreaterThan(0));
            Assert.That(root.GetProperty("tokens").GetProperty("input").GetInt64(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("tokens").GetProperty("output").GetInt64(), Is.GreaterThan(0));
            Assert.That(Directory.GetFiles(Path.Combine(output, PipelineRunner.RejectsFolder), "*.parquet"), Is.Not.Empty);
            Assert.That(root.GetProperty("config").GetProperty("provider").GetProperty("local").GetProperty("modelPath").GetString(), Is.EqualTo(_model));
        }
    }

    [Test]
    public async Task Validate_LocalModelPath_IsValid()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await DataGenCli.InvokeAsync(["validate", "--config", _config, "--provider", "local", "--model", _model, "--quiet"], stdout, stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(DataGenCli.Success), stderr.ToString());
            Assert.That(stdout.ToString(), Does.Contain("provider: local, model tiny"));
        }
    }

    [Test]
    public async Task Validate_ConfigNamesLocalWithoutAModel_ModelOptionSuppliesIt()
    {
        var config = Path.Combine(_folder, "local-without-model.json");
        await File.WriteAllTextAsync(config, ConfigWithProvider(new JsonObject { ["name"] = "local" }));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await DataGenCli.InvokeAsync(["validate", "--config", config, "--model", _model, "--quiet"], stdout, stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(DataGenCli.Success), stderr.ToString());
            Assert.That(stdout.ToString(), Does.Contain("provider: local, model tiny"));
        }
    }

    [Test]
    public async Task Validate_LocalWithoutModel_IsAUserErrorSayingWhatIsMissing()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await DataGenCli.InvokeAsync(["validate", "--config", _config, "--provider", "local", "--quiet"], stdout, stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(DataGenCli.UserError));
            Assert.That(stderr.ToString(), Does.Contain("$.provider.local").And.Contain("--model PATH"));
        }
    }

    [Test]
    public async Task Validate_ModelFileMissing_IsAUserErrorNamingThePath()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var missing = Path.Combine(_folder, "missing.gguf");

        var code = await DataGenCli.InvokeAsync(["validate", "--config", _config, "--provider", "local", "--model", missing, "--quiet"], stdout, stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(DataGenCli.UserError));
            Assert.That(stderr.ToString(), Does.Contain("$.provider.local.modelPath: file not found").And.Contain(missing));
        }
    }

    [Test]
    public void Parse_LocalSectionWithUnknownKey_ReportsTheKey()
    {
        var json = ConfigWithProvider(new JsonObject { ["name"] = "local", ["local"] = new JsonObject { ["modelPath"] = "tiny.gguf", ["gpuLayer"] = 3 } });

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, Path.Combine(_folder, "bad.json")));

        Assert.That(ex.Problems, Has.Some.Contains("$.provider.local.gpuLayer"));
    }

    [Test]
    public void Parse_HuggingFaceReference_ResolvesTheCachePathAgainstTheConfigFolder()
    {
        var hub = new JsonObject { ["repository"] = "acme/tiny-GGUF", ["file"] = "tiny.Q4_K_M.gguf" };
        var json = ConfigWithProvider(new JsonObject { ["name"] = "local", ["local"] = new JsonObject { ["cacheDirectory"] = "models", ["huggingFace"] = hub } });

        var options = PipelineConfigLoader.Parse(json, Path.Combine(_folder, "hub.json"));

        Assert.That(options.Provider.Local!.ResolvedModelFile, Is.EqualTo(Path.Combine(_folder, "models", "acme", "tiny-GGUF", "main", "tiny.Q4_K_M.gguf")));
    }

    [Test]
    public void Parse_ModelPathAndHuggingFaceBoth_IsAProblem()
    {
        var hub = new JsonObject { ["repository"] = "acme/tiny-GGUF", ["file"] = "tiny.gguf" };
        var json = ConfigWithProvider(new JsonObject { ["name"] = "local", ["local"] = new JsonObject { ["modelPath"] = _model, ["huggingFace"] = hub } });

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, Path.Combine(_folder, "both.json")));

        Assert.That(ex.Problems, Has.Some.Contains("not both"));
    }

    private static string ConfigWithProvider(JsonObject provider) => new JsonObject
    {
        ["constitution"] = new JsonObject { ["path"] = Path.Combine(RepositoryRoot(), "constitution", "constitution.md") },
        ["prompts"] = new JsonObject { ["directory"] = Path.Combine(RepositoryRoot(), "prompts") },
        ["quality"] = new JsonObject { ["decontamination"] = new JsonObject { ["folder"] = Path.Combine(RepositoryRoot(), "datasets", "eval") } },
        ["provider"] = provider,
    }.ToJsonString();

    private static string RepositoryRoot() => TestPaths.RepoRoot;
}
