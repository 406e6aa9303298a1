using System.Text.Json.Nodes;
using DataGen.Output;
using DataGen.Tests.Support;

namespace DataGen.Tests.Output;

public sealed class DatasetCardWriterTests
{
    [Test]
    public async Task Run_Simulated_WritesCardWithHubConfigsAndProse()
    {
        using var dir = new TempDirectory();
        var output = await SimulatedRun.CreateAsync(dir.Combine("run"), limit: 6);

        var card = await File.ReadAllTextAsync(Path.Combine(output, DatasetCardWriter.FileName));

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var header = card.Split("\n---\n")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(card, Does.StartWith("---\n"));
            Assert.That(header, Does.Contain("configs:\n- config_name: documents\n  data_files:\n  - split: train\n    path: documents/*.parquet\n  default: true\n"));
            Assert.That(header, Does.Contain("- config_name: stories\n  data_files:\n  - split: train\n    path: stories/*.parquet"));
            Assert.That(header, Does.Contain("- config_name: advice_chats\n  data_files:\n  - split: train\n    path: advice_chats/*.parquet"));
            Assert.That(header, Does.Contain("- config_name: rejects\n  data_files:\n  - split: train\n    path: rejects/*.parquet"));
            Assert.That(header, Does.Contain("license: other\nlicense_name: model-output-terms\n").And.Contain("task_categories:\n- text-generation").And.Contain("- synthetic\n").And.Contain("- simulated\n"));
            Assert.That(card, Does.Contain("**SIMULATED.**").And.Contain("## Intended use").And.Contain("## Counts and filters"));
            Assert.That(card, Does.Contain(manifest["constitution"]!["sha256"]!.GetValue<string>()));
            Assert.That(card, Does.Contain(manifest["prompts"]![0]!["id"]!.GetValue<string>()));
            Assert.That(card, Does.Contain("dedupe_exact").And.Contain("`sim-1`"));
        }
    }

    [Test]
    public void Render_RealModelWithCost_HasNoSimulatedTagAndShowsCost()
    {
        var manifest = new JsonObject
        {
            ["runId"] = "r1",
            ["name"] = "n",
            ["simulated"] = false,
            ["provider"] = new JsonObject { ["name"] = "openai", ["model"] = "m|<b>" },
            ["kinds"] = new JsonObject { ["stories"] = new JsonObject { ["requested"] = 2, ["rows"] = 2, ["stages"] = new JsonArray() } },
            ["cost"] = new JsonObject { ["totalUsd"] = 1.5 },
        };

        var card = DatasetCardWriter.Render(manifest, ["stories"]);

        Assert.That(card, Does.Not.Contain("- simulated").And.Not.Contain("SIMULATED").And.Contain("totalUsd").And.Contain("m\\|&lt;b>"));
    }

    [Test]
    public void Render_ListedLicense_WritesItWithoutLicenseName()
    {
        var manifest = new JsonObject
        {
            ["runId"] = "r1",
            ["config"] = new JsonObject { ["output"] = new JsonObject { ["license"] = "cc-by-4.0", ["licenseName"] = "unused-terms" } },
            ["kinds"] = new JsonObject { ["stories"] = new JsonObject { ["requested"] = 2, ["rows"] = 2, ["stages"] = new JsonArray() } },
        };

        var card = DatasetCardWriter.Render(manifest, ["stories"]);

        Assert.That(card, Does.Contain("\nlicense: cc-by-4.0\n").And.Not.Contain("license_name").And.Not.Contain("unused-terms").And.Not.Contain("config_name: rejects"));
    }
}
