using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Tests.Support;

namespace DataGen.Tests.Configuration;

/// <summary>The retired second list of reserved names: an old config is told where the names go now.</summary>
public sealed class ReservedNameConfigTests
{
    [Test]
    public void Load_RetiredNameHygieneReservedNames_NamesTheOneList()
    {
        using var dir = new TempDirectory();
        var path = dir.CopyRepoInputs();
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["generation"]!["nameHygiene"]!["reservedNames"] = new JsonArray("Kyle Johnson");
        File.WriteAllText(path, json.ToJsonString());

        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Load(path))!;

        Assert.That(ex.Problems, Is.EqualTo(new[]
        {
            "$.generation.nameHygiene.reservedNames: no longer read; reserved eval names have one list, matched the same way by name hygiene and the decontamination gate: move the names to quality.decontamination.reservedNameList (replacements in quality.decontamination.replacements)",
        }));
    }

    [Test]
    public void Load_ShippedConfig_HasOneReservedNameList()
    {
        var json = JsonNode.Parse(File.ReadAllText(TestPaths.PipelineJson))!;

        Assert.That(json["generation"]!["nameHygiene"]!.AsObject().ContainsKey("reservedNames"), Is.False);
    }
}
