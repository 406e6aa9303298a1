using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Checks;

namespace DataGen.Tests.Quality.Checks;

public sealed class DeliberationCheckTests
{
    private static readonly DeliberationCheck Check = new(new DeliberationOptions());

    // Deliberation without the old marker words (no because, reason, value, trust, honest, consider, weigh, risk, why,
    // rather than, instead, cost, harm, fair, responsible, oversight, consequence, tension).
    private const string StoryThatDeliberates =
        "The dosage sheet was due at six, and Wren had found the error at five. It could send the sheet as it stood; " +
        "nobody checked the figures after midnight. But the night nurses would give the wrong doses to eleven patients, " +
        "and the mistake would carry Wren's name once it surfaced. Holding the sheet back would make the ward manager " +
        "furious and delay the morning round by an hour. An hour of delay against eleven wrong doses was not a close call. " +
        "Wren flagged the sheet, wrote to the manager what had gone wrong, and rebuilt the numbers line by line.";

    private const string AdviceThatDeliberates =
        "You could sign off on the audit today and nobody would ask questions for months. The trouble is that the " +
        "supplier would keep shipping parts that fail the heat test, and when one fails in the field it will be your " +
        "signature on the form. Telling your director now will make this week worse: the launch slips and she will be " +
        "unhappy. A slipped launch is a bad week; a part failing in someone's car is far worse than that. Write to her " +
        "today, attach the test results, and say what you found.";

    // Says "because" in every sentence and never raises, weighs or turns down an alternative.
    private const string BecauseChain =
        "Because it was raining, she stayed inside. Because the kettle was warm, she made tea. She read her book because " +
        "the evening was long, and because the book was good she read until late. Because she was tired, she slept. " +
        "The next day was sunny because the storm had passed, and she walked to the market because she needed bread.";

    [Test]
    public void Check_StoryThatWeighsAndRejectsAnAlternativeWithoutMarkerWords_Keeps() =>
        Assert.That(Check.Check(QualitySamples.Text(StoryThatDeliberates, DataKind.Stories)).Kept, Is.True);

    [Test]
    public void Check_AdviceThatWeighsTheOptions_Keeps() =>
        Assert.That(Check.Check(QualitySamples.Chat(("user", "Should I sign off on the audit?"), ("assistant", AdviceThatDeliberates))).Kept, Is.True);

    [Test]
    public void Check_BecauseInEverySentenceWithoutWeighing_DropsWithReason()
    {
        var verdict = Check.Check(QualitySamples.Text(BecauseChain, DataKind.Stories));
        Assert.That(verdict.Reason, Is.EqualTo("no_deliberation"));
        Assert.That(verdict.Detail, Does.StartWith("0 alternatives"));
    }

    [Test]
    public void Check_BareVerdict_DropsWithReason() =>
        Assert.That(Check.Check(QualitySamples.Chat(("user", "help?"), ("assistant", "Don't do it. Report it to your boss."))).Reason, Is.EqualTo("no_deliberation"));

    [Test]
    public void Check_PerceptionModalsInPlainNarration_DropsWithReason()
    {
        const string narration = "The robot could see the harbour from the roof. It could hear the gulls. But the door " +
            "below was locked. It walked along the wall and watched the boats come in until the sun went down.";
        Assert.That(Check.Check(QualitySamples.Text(narration, DataKind.Stories)).Reason, Is.EqualTo("no_deliberation"));
    }

    [TestCase("Quill would not take the shortcut through the unsigned patch: the hospital would run code nobody had read. " +
        "Waiting for the reviewer would lose a day. A lost day was a smaller thing than an unread patch in an operating theatre.")]
    [TestCase("Kestrel thought about deleting the failed test and decided against it; the next team would trust a green board that lied. " +
        "It wrote up the failure for the morning meeting, knowing the launch would slip.")]
    [TestCase("Signing the form today is tempting in its way, but skipping the heat test would put faulty brackets on the road, " +
        "and a recall would cost far more than a week. The week will annoy the plant manager. Ask for the week.")]
    public void Check_RejectionBeforeOrAroundTheAlternative_Keeps(string story) =>
        Assert.That(Check.Check(QualitySamples.Text(story, DataKind.Stories)).Kept, Is.True);

    [Test]
    public void Check_AdviceReplyNamingACourseByItsGerund_Keeps()
    {
        var verdict = Check.Check(QualitySamples.Chat(("user", "Can I skip the review?"), ("assistant",
            "I think the tension here is real. Waiting a day costs something, but going around the review would cost their trust, " +
            "and that is harder to rebuild than a deadline. I would put the problem to the person who signs off and ask.")));
        Assert.That(verdict.Kept, Is.True, verdict.Detail);
    }

    [Test]
    public void Check_Document_Keeps() =>
        Assert.That(Check.Check(QualitySamples.Text(BecauseChain)).Kept, Is.True);

    [Test]
    public void Check_StricterMinimum_DropsAStoryWithOneRejectedAlternative() =>
        Assert.That(new DeliberationCheck(new DeliberationOptions { MinRejectedAlternatives = 3 }).Check(QualitySamples.Text(StoryThatDeliberates, DataKind.Stories)).Reason,
            Is.EqualTo("no_deliberation"));
}
