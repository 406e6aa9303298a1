using DataGen.Configuration;
using DataGen.Generation.Parsing;
using DataGen.Simulator;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Simulator;

/// <summary>The simulator's answers to the recipe steps: lists, rewrites and the UNSUITABLE escape.</summary>
public sealed class SimulatedRecipeRepliesTests
{
    [Test]
    public void Write_ListRequest_DistinctItemsNoneAlreadyGenerated()
    {
        var parser = new JsonListParser("types", "a type");
        const string prompt = "List: document types\nCount: 6\n\nAlready generated (do not repeat these):\n- blog post\n- podcast transcript\n\nReply with JSON.";

        var reply = new SimulatedReplyWriter(SimulatorOptions.Clean).Write([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Seed = 3, ResponseFormat = parser.ResponseFormat });
        var items = JsonListParser.Items(parser.Parse(reply.Text).Fields!["items"]);

        Assert.That(items, Has.Count.EqualTo(6).And.Unique);
        Assert.That(items, Has.None.EqualTo("blog post").And.None.EqualTo("podcast transcript"));
    }

    [Test]
    public void Write_RewriteRequest_ReturnsTheSourceOrAnImprovedVersionInTheRequestedTag()
    {
        static string Source(int i) => $"First paragraph of the draft, number {i}.\n\nSecond paragraph of the draft.";
        var parser = new TaggedTextParser("improved_document", "d");
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean);
        string Review(int i, int seed) => parser.Parse(writer.Write(
            [new ChatMessage(ChatRole.User, $"The document:\n<document>\n{Source(i)}\n</document>\n\nPut it inside <improved_document> and </improved_document> tags.")],
            new ChatOptions { Seed = seed }).Text).Fields!["d"];

        var bodies = Enumerable.Range(0, 20).Select(i => (Source: Source(i), Body: Review(i, i))).ToList();

        Assert.That(bodies.Where(b => b.Body == b.Source), Is.Not.Empty, "some drafts are already good and copied unchanged");
        Assert.That(bodies.Where(b => b.Body != b.Source).Select(b => b.Body), Is.Not.Empty.And.All.Contain("paragraph of the draft"));
        // The reviewer revises one text the same way whatever the sampling seed: a duplicated draft stays a duplicate.
        Assert.That(Enumerable.Range(0, 5).Select(seed => Review(3, seed)).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public void Write_UnsuitableRateOne_TakesTheEscapeOnlyWhenOffered()
    {
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean with { UnsuitableRate = 1 });

        var offered = writer.Write([new ChatMessage(ChatRole.User, "Write it in <story> and </story> tags, or reply UNSUITABLE: reason.")], null);
        var notOffered = writer.Write([new ChatMessage(ChatRole.User, "Write it in <story> and </story> tags.")], null);

        Assert.That(offered.Text, Does.StartWith("UNSUITABLE:"));
        Assert.That(notOffered.Text, Does.Contain("<story>"));
    }

    [Test]
    public void Write_NamelessStory_UsesNoName_NamedStory_UsesTheName()
    {
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean);

        var named = writer.Write([new ChatMessage(ChatRole.User, "AI name: Larkspur\nSituation: a hostile user\n\nPut it in <story> and </story> tags.")], null).Text;
        var nameless = writer.Write([new ChatMessage(ChatRole.User, "AI name: none (leave the AI unnamed)\n\nPut it in <story> and </story> tags.")], null).Text;

        Assert.That(named, Does.Contain("Larkspur"));
        Assert.That(nameless, Does.Not.Contain("none (leave"));
    }
}
