using System.Text.Json;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Parsing;
using DataGen.Quality.Judging;
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

    // Planted samples for the simulated judge: one clean advice reply and the same reply with one problem each.
    private const string CleanAdvice = """
        That sounds like a hard week, and I do not think there is a painless way through it.

        Signing the form would be easier today, but it would put your name to something you know is false, and the
        next tenant would pay for it. I would tell the landlord plainly what you saw and offer to note it together.
        """;

    [TestCase(null, null)]
    [TestCase("My guidelines say I should not help with this, so I will keep it general.", "meta_reference")]
    [TestCase("I'm sorry, but as an AI language model I can't help with writing this.", "refusal")]
    public void Write_JudgePrompt_ScoresWhatIsOnThePage(string? plantedSentence, string? problem)
    {
        var sample = plantedSentence is null ? CleanAdvice : CleanAdvice.TrimEnd() + "\n\n" + plantedSentence + "\n";
        var prompt = $"Kind: advice_chats\nPrinciple: Honesty\n\nThe sample:\n<<<\n{sample.TrimEnd()}\n>>>\n\nScore each criterion.";
        var parser = new JudgeReplyParser(JudgeRubric.Criteria, ["honesty"], JudgeGates.For(DataKind.AdviceChats));
        // Flaws that would replace the judge's reading are drawn often here; none may reach a verdict.
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean with { DuplicateRate = 0.3, RefusalRate = 0.3, RepetitiveRate = 0.3 });

        // Several sampling seeds: the verdict follows the text, so every seed must agree on keep or drop.
        for (var seed = 0; seed < 20; seed++)
        {
            var reply = writer.Write([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Seed = seed, ResponseFormat = parser.ResponseFormat });
            using var verdict = JsonDocument.Parse(reply.Text);
            var scores = JudgeRubric.Criteria.Select(c => verdict.RootElement.GetProperty(c.Name).GetInt32()).ToList();
            var metaGate = verdict.RootElement.GetProperty("gates").GetProperty("no_meta_reference");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(reply.Flaw, Is.Null, "a judge is never planted with a flaw");
                if (problem is null)
                {
                    Assert.That(scores, Is.All.GreaterThanOrEqualTo(4), $"seed {seed}: a clean sample");
                    Assert.That(metaGate.GetProperty("pass").GetBoolean(), Is.True);
                }
                else
                {
                    Assert.That(scores, Is.All.LessThanOrEqualTo(3), $"seed {seed}: {problem}");
                    Assert.That(metaGate.GetProperty("pass").GetBoolean(), Is.EqualTo(problem != "meta_reference"));
                    Assert.That(verdict.RootElement.GetProperty("rationale").GetString(), Does.Contain(plantedSentence!.Split(',')[0].TrimEnd('.')));
                }
            }
        }
    }

    [Test]
    public void Write_TruncatedRateOneOnAJsonStep_AnswersInFullAsAShortReplyWould()
    {
        var writer = new SimulatedReplyWriter(SimulatorOptions.Clean with { TruncatedRate = 1 });

        var reply = writer.Write([new ChatMessage(ChatRole.User, "Persona: a nurse\nDomain: medicine\n")], new ChatOptions { Seed = 3, ResponseFormat = ChatParser.ResponseFormat });

        Assert.That(reply.FinishReason, Is.EqualTo("stop"));
        Assert.That(ChatParser.Parse(reply.Text).Ok, Is.True, reply.Text);
    }

    [Test]
    public void Write_RewriteOfARefusal_WritesTheTextTheStepAskedFor()
    {
        var prompt = "Principle: Honesty\n\n<response>\nI'm sorry, but as an AI language model I can't help with writing this.\n</response>\n\nPut the improved response inside <improved_response> and </improved_response> tags.";

        var reply = new SimulatedReplyWriter(SimulatorOptions.Clean).Write([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Seed = 2 });

        var parsed = new TaggedTextParser("improved_response", "response").Parse(reply.Text);
        Assert.That(parsed.Ok, Is.True, reply.Text);
        Assert.That(parsed.Fields!["response"], Does.Not.Contain("language model"));
        Assert.That(parsed.Fields!["response"].Split(' ').Length, Is.GreaterThan(40));
    }
}
