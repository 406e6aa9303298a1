using DataGen.Tests.Support;

namespace DataGen.Tests.SupportTests;

public sealed class ScriptedReplyServerTests
{
    [Test]
    public async Task Run_ThroughTheOpenAIProvider_EveryRequestIsMatchedToAStepAndAScriptedReplyLandsInTheRow()
    {
        const string planted = "A scripted reply planted by the test. I would weigh your duty to the review board against the deadline before anything else. "
            + "You could quietly skip the sign-off and ship on time, but that would hide the change from the people responsible for it. "
            + "Asking for a short extension would cost a few days and keep everyone able to check the work, so I would ask for that instead.";
        await using var server = await ScriptedReplyServer.StartAsync(r => r.Step == "advice_chats/response_rewrite" ? $"<improved_response>{planted}</improved_response>" : null);
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "3",
            "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "scripted-model");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var unmatched = server.Requests.Where(r => r.Step is null).Select(r => r.Prompt[..Math.Min(200, r.Prompt.Length)]).ToList();
        Assert.That(unmatched, Is.Empty, "every request the pipeline sends is rendered from a prompt template");
        Assert.That(server.RequestsFor("advice_chats/response_rewrite"), Is.Not.Empty);
        Assert.That(server.Requests.Select(r => r.Step).Distinct(), Does.Contain("documents/draft").And.Contain("stories/draft_embodiment").And.Contain("advice_chats/response"));

        var rows = DuckDb.Query($"SELECT count(*) AS n FROM read_parquet('{Path.Combine(output, "advice_chats", "*.parquet")}') WHERE list_extract(messages, 3).content LIKE '%planted by the test%'");
        Assert.That(Convert.ToInt64(rows[0]["n"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), "the scripted response rewrite reaches the kept rows");
    }
}
