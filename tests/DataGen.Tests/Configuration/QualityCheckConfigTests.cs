using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Tests.Support;

namespace DataGen.Tests.Configuration;

/// <summary>Config errors of the language check, the gazetteer and the retired reasoning key.</summary>
public sealed class QualityCheckConfigTests
{
    private static ConfigException LoadFails(TempDirectory dir, Action<JsonNode> edit)
    {
        var path = dir.CopyRepoInputs();
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
        return Assert.Throws<ConfigException>(() => PipelineConfigLoader.Load(path))!;
    }

    [Test]
    public void Load_RetiredMinReasoningMarkers_NamesItsReplacement()
    {
        using var dir = new TempDirectory();
        var ex = LoadFails(dir, json => json["quality"]!["checks"]!["minReasoningMarkers"] = 3);
        Assert.That(ex.Problems, Is.EqualTo(new[] { "$.quality.checks.minReasoningMarkers: no longer read; reasoning is now checked as deliberation: set quality.checks.deliberation (minRejectedAlternatives, minConsiderations) instead" }));
    }

    [Test]
    public void Load_LanguageLinguaDoesNotKnow_IsAnError()
    {
        using var dir = new TempDirectory();
        var ex = LoadFails(dir, json => json["generation"]!["documents"]!["language"] = "Elvish");
        Assert.That(ex.Problems.Single(), Does.StartWith("$.generation.documents.language: 'Elvish' is not a language the language check identifies"));
    }

    [Test]
    public void Load_MalformedGazetteer_NamesFileAndLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("orgs.txt"), "Acme Corp\nBeacon Ltd | sometimes\n");
        var ex = LoadFails(dir, json => json["generation"]!["nameHygiene"]!["gazetteer"] = "orgs.txt");
        Assert.That(ex.Problems.Single(), Is.EqualTo($"$.generation.nameHygiene.gazetteer: {dir.Combine("orgs.txt")}: line 2: unknown field 'sometimes' after 'Beacon Ltd'; expected 'cased' or 'except: word, word'"));
    }
}
