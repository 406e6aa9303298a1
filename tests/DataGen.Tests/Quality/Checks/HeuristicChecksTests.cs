using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Checks;

namespace DataGen.Tests.Quality.Checks;

public sealed class HeuristicChecksTests
{
    private static readonly ChecksOptions Options = new();

    private static readonly string Reasoned =
        "This is hard, and the tension is real. On one side is the deadline; on the other, the people at risk. " +
        "I would not skip the review, because the values at stake are honesty and fairness to the patients who bear the risk. " +
        "Rather than deciding alone, put it to the people responsible and explain why the delay matters.";

    [Test]
    public void Length_WithinBounds_Keeps() =>
        Assert.That(new LengthCheck(Options).Check(QualitySamples.Text(QualitySamples.Prose(12))).Kept, Is.True);

    [Test]
    public void Length_TooShort_DropsWithReason() =>
        Assert.That(new LengthCheck(Options).Check(QualitySamples.Text("Far too short.")).Reason, Is.EqualTo("too_short"));

    [Test]
    public void Length_TooLong_DropsWithReason()
    {
        var check = new LengthCheck(Options with { Documents = new LengthBounds { MinWords = 1, MaxWords = 20 } });
        Assert.That(check.Check(QualitySamples.Text(QualitySamples.Prose(5))).Reason, Is.EqualTo("too_long"));
    }

    [Test]
    public void Repetition_VariedProse_Keeps() =>
        Assert.That(new RepetitionCheck(Options.Repetition).Check(QualitySamples.Text(QualitySamples.Prose(16))).Kept, Is.True);

    [Test]
    public void Repetition_RepeatedParagraphs_DropsWithReason()
    {
        var paragraph = QualitySamples.Prose(3, salt: 1).Replace("\n\n", " ", StringComparison.Ordinal);
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 5));
        Assert.That(new RepetitionCheck(Options.Repetition).Check(QualitySamples.Text(text)).Reason, Is.EqualTo("duplicate_paragraphs"));
    }

    [Test]
    public void Repetition_LoopInsideOneParagraph_DropsWithDuplicatedNgramReason()
    {
        var loop = string.Join(" ", Enumerable.Repeat("and then the assistant checked the logs again", 8));
        var text = QualitySamples.Prose(4, salt: 2).Replace("\n\n", " ", StringComparison.Ordinal) + " " + loop + ".";
        Assert.That(new RepetitionCheck(Options.Repetition).Check(QualitySamples.Text(text)).Reason, Does.StartWith("duplicated_").Or.StartWith("top_"));
    }

    [Test]
    public void Boilerplate_Clean_Keeps() =>
        Assert.That(new BoilerplateCheck(Options.BoilerplatePhrases).Check(QualitySamples.Text(Reasoned)).Kept, Is.True);

    [Test]
    public void Boilerplate_AsAnAiLanguageModel_DropsWithReason()
    {
        var verdict = new BoilerplateCheck(Options.BoilerplatePhrases).Check(QualitySamples.Text("I’m sorry, but as an AI language model I cannot do that."));
        Assert.That((verdict.Reason, verdict.Detail), Is.EqualTo(("boilerplate", "contains \"as an ai language model\"")));
    }

    [Test]
    public void Truncation_Finished_Keeps() =>
        Assert.That(new TruncationCheck().Check(QualitySamples.Text("He said \"no\" and left. THE END")).Kept, Is.True);

    [TestCase("It was late and the assistant began to", "stop", "truncated")]
    [TestCase("A complete sentence.", "length", "truncated")]
    [TestCase("She said \"wait. Then nothing.", "stop", "unbalanced_quotes")]
    [TestCase("Run this:\n```\nls -la\n", "stop", "unbalanced_fence")]
    public void Truncation_Unfinished_DropsWithReason(string text, string finish, string reason) =>
        Assert.That(new TruncationCheck().Check(QualitySamples.Text(text, finishReason: finish)).Reason, Is.EqualTo(reason));

    [Test]
    public void Placeholder_None_Keeps() =>
        Assert.That(new PlaceholderCheck().Check(QualitySamples.Text(Reasoned)).Kept, Is.True);

    [TestCase("Dear {{ name }}, thanks.")]
    [TestCase("As {model_name} would say, no.")]
    [TestCase("Signed, [INSERT NAME].")]
    [TestCase("Lorem ipsum dolor sit amet.")]
    public void Placeholder_Leaked_DropsWithReason(string text) =>
        Assert.That(new PlaceholderCheck().Check(QualitySamples.Text(text)).Reason, Is.EqualTo("placeholder"));

    [Test]
    public void ChatStructure_SystemUserAssistant_Keeps() =>
        Assert.That(new ChatStructureCheck().Check(QualitySamples.Chat(("system", "s"), ("user", "u"), ("assistant", "a"))).Kept, Is.True);

    [Test]
    public void ChatStructure_Prose_Keeps() =>
        Assert.That(new ChatStructureCheck().Check(QualitySamples.Text("x")).Kept, Is.True);

    [TestCase("assistant|a,user|u", "chat_starts_with_assistant")]
    [TestCase("user|u,user|again,assistant|a", "chat_roles_not_alternating")]
    [TestCase("user|u,assistant|a,user|more", "chat_ends_with_user")]
    [TestCase("user|u,assistant| ", "chat_empty_turn")]
    [TestCase("user|u,tool|t,assistant|a", "chat_unknown_role")]
    [TestCase("system|s", "chat_no_messages")]
    public void ChatStructure_Broken_DropsWithReason(string turns, string reason)
    {
        var parsed = turns.Split(',').Select(t => t.Split('|')).Select(p => (p[0], p[1])).ToArray();
        Assert.That(new ChatStructureCheck().Check(QualitySamples.Chat(parsed)).Reason, Is.EqualTo(reason));
    }
}
