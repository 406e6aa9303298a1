using System.Text.Json;
using DataGen.Configuration;
using DataGen.Generation.Parsing;
using DataGen.Simulator;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Simulator;

public sealed class SimulatedReplyWriterTests
{
    private const string DocumentPrompt = """
        Principle: Calibrated uncertainty

        What the constitution says:
        \"\"\"
        The assistant says what it does not know and states its confidence plainly, because false certainty misleads.
        \"\"\"

        Genre: FAQ

        Put the document inside <document> and </document> tags.
        """;

    private static readonly JsonObjectParser ChatParser = new("chat", [("user_message", "u"), ("assistant_response", "a")]);

    [Test]
    public void Write_SameRequest_SameReply()
    {
        var writer = new SimulatedReplyWriter(new SimulatorOptions());
        var messages = new[] { new ChatMessage(ChatRole.User, DocumentPrompt) };

        var first = writer.Write(messages, new ChatOptions { Seed = 5 }).Text;
        var second = new SimulatedReplyWriter(new SimulatorOptions()).Write(messages, new ChatOptions { Seed = 5 }).Text;

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Write_CleanTaggedRequest_AnswersInsideTheTagFromThePrompt()
    {
        var reply = new SimulatedReplyWriter(SimulatorOptions.Clean).Write([new ChatMessage(ChatRole.User, DocumentPrompt)], new ChatOptions { Seed = 1 });

        var parsed = new TaggedTextParser("document", "document").Parse(reply.Text);
        Assert.That(parsed.Ok, Is.True, reply.Text);
        Assert.That(parsed.Fields!["document"], Does.Contain("calibrated uncertainty").Or.Contain("says what it does not know"));
        Assert.That(reply.Flaw, Is.Null);
    }

    [TestCase(1, 2, 3, 4, 5)]
    public void Write_JsonSchemaRequested_ReturnsJsonThatParses(params int[] seeds)
    {
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean);
        foreach (var seed in seeds)
        {
            var reply = writer.Write([new ChatMessage(ChatRole.User, "Persona: a nurse\nDomain: medicine\n")], new ChatOptions { Seed = seed, ResponseFormat = ChatParser.ResponseFormat });

            Assert.That(ChatParser.Parse(reply.Text).Ok, Is.True, reply.Text);
        }
    }

    [Test]
    public void Write_MalformedRateOne_BreaksTheFormat()
    {
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean with { MalformedRate = 1 });

        var tagged = writer.Write([new ChatMessage(ChatRole.User, DocumentPrompt)], null);
        var json = writer.Write([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ResponseFormat = ChatParser.ResponseFormat });

        Assert.That(new TaggedTextParser("document", "document").Parse(tagged.Text).Ok, Is.False);
        Assert.That(ChatParser.Parse(json.Text).Ok, Is.False);
    }

    [Test]
    public void Write_DuplicateRateOne_DifferentPromptsGetFewDistinctReplies()
    {
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean with { DuplicateRate = 1 });

        var texts = Enumerable.Range(0, 40)
            .Select(i => writer.Write([new ChatMessage(ChatRole.User, DocumentPrompt + i)], new ChatOptions { Seed = i }).Text)
            .Distinct()
            .Count();

        Assert.That(texts, Is.LessThanOrEqualTo(4));
    }

    [TestCase("truncated", "length")]
    [TestCase("refusal", "stop")]
    [TestCase("repetitive", "stop")]
    public void Write_FlawRateOne_PlantsThatFlaw(string flaw, string finish)
    {
        var options = flaw switch
        {
            "truncated" => SimulatorOptions.Clean with { TruncatedRate = 1 },
            "refusal" => SimulatorOptions.Clean with { RefusalRate = 1 },
            _ => SimulatorOptions.Clean with { RepetitiveRate = 1 },
        };

        var reply = new SimulatedReplyWriter(options).Write([new ChatMessage(ChatRole.User, DocumentPrompt)], null);

        Assert.That(reply.Flaw, Is.EqualTo(flaw));
        Assert.That(reply.FinishReason, Is.EqualTo(finish));
        JsonSerializer.Serialize(reply);
    }
}
