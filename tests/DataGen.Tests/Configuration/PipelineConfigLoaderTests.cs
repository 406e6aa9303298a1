using DataGen.Configuration;
using DataGen.Tests.Support;

namespace DataGen.Tests.Configuration;

public sealed class PipelineConfigLoaderTests
{
    [Test]
    public void Load_ShippedPipelineJson_IsValidAndSimulated()
    {
        var options = PipelineConfigLoader.Load(TestPaths.PipelineJson);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Provider.Name, Is.EqualTo(ProviderNames.Simulated));
            Assert.That(options.Constitution.Path, Is.EqualTo(TestPaths.Constitution));
            Assert.That(options.Generation.Stories.Genres, Is.Not.Empty);
            Assert.That(options.Generation.Ablations.AdviceResponseRewrite, Is.True);
            Assert.That(options.Quality.Decontamination.ReservedNameList, Does.Contain("Kyle Johnson"));
            Assert.That(options.Generation.AdviceChats.Personas, Is.Not.Empty);
        }
    }

    [Test]
    public void Parse_SeveralProblems_ReportsEachWithItsJsonPath()
    {
        using var dir = new TempDirectory();
        var path = dir.CopyRepoInputs();
        const string json = """
            {
              "constitution": { "path": "constitution/constitution.md", "colour": "blue" },
              "provider": { "name": "gpt", "concurrency": 0 },
              "generation": { "stories": { "count": -5 } },
              "surprise": true
            }
            """;

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, path));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.File, Is.EqualTo(path));
            Assert.That(ex.Problems, Has.Some.StartsWith("$.constitution.colour: unknown key"));
            Assert.That(ex.Problems, Has.Some.StartsWith("$.surprise: unknown key"));
            Assert.That(ex.Problems, Has.Some.StartsWith("$.provider.name:"));
            Assert.That(ex.Problems, Has.Some.StartsWith("$.provider.concurrency:"));
            Assert.That(ex.Problems, Has.Some.StartsWith("$.generation.stories.count:"));
        }
    }

    [Test]
    public void Parse_SyntaxError_NamesLineAndColumn()
    {
        const string json = "{\n  \"run\": { \"seed\": 1 },\n  \"constitution\": { \"path\": \"x.md\" \n}";

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "/tmp/p.json"));

        Assert.That(ex!.Message, Does.StartWith("/tmp/p.json: line 4, column").And.Contain("invalid JSON"));
    }

    [Test]
    public void Parse_RelativePaths_ResolveAgainstTheConfigFolder()
    {
        using var dir = new TempDirectory();
        var path = dir.CopyRepoInputs();

        var options = PipelineConfigLoader.Load(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Constitution.Path, Is.EqualTo(dir.Combine("constitution", "constitution.md")));
            Assert.That(options.Prompts.Directory, Is.EqualTo(dir.Combine("prompts")));
            Assert.That(options.Output.Directory, Is.EqualTo(dir.Combine("datasets", "runs", "latest")));
        }
    }

    [Test]
    public void Parse_MissingFiles_AreReportedTogether()
    {
        using var dir = new TempDirectory();
        const string json = """{ "constitution": { "path": "nope.md" }, "prompts": { "directory": "no-prompts" } }""";

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, dir.Combine("pipeline.json")));

        Assert.That(ex!.Problems, Has.Count.EqualTo(2));
        Assert.That(ex.Problems, Has.Some.StartsWith("$.constitution.path: file not found"));
        Assert.That(ex.Problems, Has.Some.StartsWith("$.prompts.directory: folder not found"));
    }

    [Test]
    public void Parse_ApiKeyPastedAsVariableName_IsRejectedWithoutEchoingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.CopyRepoInputs();
        const string secret = "abcdEFGH1234ijklMNOP5678qrstUVWX";
        var json = $$"""{ "constitution": { "path": "constitution/constitution.md" }, "provider": { "name": "openai", "apiKeyEnv": "{{secret}}" } }""";

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, path));

        Assert.That(ex!.Problems, Has.Some.StartsWith("$.provider.apiKeyEnv: this looks like an API key"));
        Assert.That(ex.Message, Does.Not.Contain(secret));
    }

    [Test]
    public void Parse_ApiKeyKey_IsAnUnknownKey()
    {
        using var dir = new TempDirectory();
        var path = dir.CopyRepoInputs();
        const string json = """{ "constitution": { "path": "constitution/constitution.md" }, "provider": { "apiKey": "sk-live-123" } }""";

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, path));

        Assert.That(ex!.Problems, Has.Some.StartsWith("$.provider.apiKey: unknown key"));
        Assert.That(ex.Message, Does.Not.Contain("sk-live-123"));
    }
}
