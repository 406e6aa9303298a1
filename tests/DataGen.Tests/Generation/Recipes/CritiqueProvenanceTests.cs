using DataGen.Tests.Support;

namespace DataGen.Tests.Generation.Recipes;

/// <summary>The rewrite steps' critiques stay on the sample, through the real openai provider against a scripted server.</summary>
public sealed class CritiqueProvenanceTests
{
    private const string DocumentProblems = "- the planted reviewer finds the ending preachy\n- one claim about priorities is overstated";
    private const string ResponseProblems = "- the planted reviewer removed a reference to guidance the user cannot see";

    [Test]
    public async Task Run_ScriptedRewrites_CritiquesLandInTheirColumns()
    {
        const string document = "A planted improved document. It explains why the principle holds, what goes wrong without it, and how it weighs against helpfulness when the two pull apart. A reader who disagrees is given the strongest version of the objection, and the reply to it is stated plainly: the cost is real, and it is worth paying because mistakes stay visible and correctable. The piece ends on a concrete case from a small library's help desk, where the assistant asked before deleting anything and the librarian was glad it did.";
        const string response = "I think the tension here is real, and the honest path matters because the people affected deserve to know. Waiting a day costs something, but going around the review would cost their trust, and that is harder to rebuild than a deadline. I would put the problem to the person who signs off, say what the delay costs, and ask. I can help you draft that message if you like.";
        await using var server = await ScriptedReplyServer.StartAsync(r => r.Step switch
        {
            "documents/rewrite" => $"{DocumentProblems}\n\n<improved_document>\n{document}\n</improved_document>",
            "advice_chats/response_rewrite" => $"{ResponseProblems}\n\n<improved_response>\n{response}\n</improved_response>",
            _ => null,
        });
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var output = dir.Combine("out");

        var run = await CliRun.InvokeAsync("run", "--config", config, "--out", output, "--limit", "3",
            "--provider", "openai", "--endpoint", server.BaseUrl.ToString(), "--model", "scripted-model");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var documents = DuckDb.Query($"SELECT document_critique AS p FROM read_parquet('{Path.Combine(output, "documents", "*.parquet")}')");
        var chats = DuckDb.Query($"SELECT response_critique AS p, prompt_critique AS q FROM read_parquet('{Path.Combine(output, "advice_chats", "*.parquet")}')");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(documents, Is.Not.Empty);
            Assert.That(documents.Select(r => (string?)r["p"]), Is.All.Contains("the planted reviewer finds the ending preachy"));
            Assert.That(chats, Is.Not.Empty);
            Assert.That(chats.Select(r => (string?)r["p"]), Is.All.Contains("the planted reviewer removed a reference"));
            Assert.That(chats.Select(r => (string?)r["q"]), Is.All.Not.Null.And.All.Not.Empty);
        }
    }
}
