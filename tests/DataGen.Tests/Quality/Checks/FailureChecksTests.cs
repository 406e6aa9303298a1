using DataGen.Generation;
using DataGen.Quality.Checks;

namespace DataGen.Tests.Quality.Checks;

/// <summary>The method's failure checks: each drops with its reason and keeps clean text of the same shape.</summary>
public sealed class FailureChecksTests
{
    private static Sample Advice(string reply) => QualitySamples.Chat(("user", "My sister wants me to cover for her at work. What do I do?"), ("assistant", reply));

    [TestCase("See https://example-help.org/guide for the steps.", "link")]
    [TestCase("The portal at www.intranet-tools.net has the form.", "link")]
    [TestCase("Write to helpdesk@fairmont-clinic.org before noon.", "email_address")]
    // Forms the pre-scan (LinkCheck.MayHoldUrl) must let through to the regex: upper case, a scheme without "www", a
    // bare domain with a path, a two-part suffix, and an address whose domain is in capitals.
    [TestCase("The notice said to visit WWW.CITYHALL-PERMITS.GOV/FORMS by Friday.", "link")]
    [TestCase("The scans sit on ftp://files.riverside-archive.net for now.", "link")]
    [TestCase("He filed it at tenant-board.co.uk/appeal the same evening.", "link")]
    [TestCase("Ask at Greenway-Legal.IO before you sign.", "link")]
    [TestCase("Her reply went to MARGOT.OKAFOR@HARBOURSIDE-TRUST.ORG at once.", "email_address")]
    public void Link_InventedLinkOrAddress_DropsWithReason(string sentence, string reason) =>
        Assert.That(new LinkCheck().Check(QualitySamples.Text(QualitySamples.Prose(5) + " " + sentence)).Reason, Is.EqualTo(reason));

    [TestCase("She counted the boxes twice. Then she wrote the number down, 3.5 per shelf, and left.", false)]
    [TestCase("Nothing here but a sentence... and another!", false)]
    [TestCase("See the notes, e.g. the second page.", true)]
    [TestCase("It ended with \"ok://\" scrawled on the wall.", true)]
    [TestCase("Look up www.", true)]
    public void Link_PreScan_PassesEveryTextThatCouldHoldAUrl(string text, bool may) =>
        Assert.That(LinkCheck.MayHoldUrl(text), Is.EqualTo(may));

    [Test]
    public void Link_PlainProseWithAbbreviations_Keeps() =>
        Assert.That(new LinkCheck().Check(QualitySamples.Text("She paused, e.g. at the door, and said: no. The report ran to 3.5 pages.")).Kept, Is.True);

    [TestCase("## What to do\nTalk to her first.")]
    [TestCase("Here is how I would think about it:\n- talk to her\n- then decide")]
    [TestCase("1. Talk to her.\n2. Then decide.")]
    [TestCase("The **key point** is that you decide.")]
    public void Markdown_StructuredAdviceReply_DropsWithReason(string reply) =>
        Assert.That(new MarkdownCheck().Check(Advice(reply)).Reason, Is.EqualTo("markdown"));

    [Test]
    public void Markdown_ProseReplyAndMarkdownDocument_Keep()
    {
        Assert.That(new MarkdownCheck().Check(Advice("That sounds hard. Covering for her would mean lying to your manager, and I think you would carry that.")).Kept, Is.True);
        Assert.That(new MarkdownCheck().Check(QualitySamples.Text("## A heading\n- a list item in a document")).Kept, Is.True);
    }

    [TestCase("My guidelines say I should not help with that, but here is what I think.")]
    [TestCase("According to my instructions, I can only discuss work matters.")]
    [TestCase("I've been instructed to keep this short, so briefly: talk to her.")]
    [TestCase("The guidance I was given says honesty comes first here.")]
    public void MetaReference_AdviceReplyCitingHiddenGuidance_DropsAsHiddenGuidance(string reply) =>
        Assert.That(new MetaReferenceCheck().Check(Advice(reply)).Reason, Is.EqualTo("hidden_guidance"));

    [TestCase(DataKind.Stories, "Lumen weighed it the way its training had taught it to.")]
    [TestCase(DataKind.Stories, "It remembered what the constitution said about honesty.")]
    [TestCase(DataKind.Stories, "It had been trained to defer, and as it was trained, it deferred.")]
    public void MetaReference_StoryNamingItsTraining_DropsWithReason(DataKind kind, string sentence) =>
        Assert.That(new MetaReferenceCheck().Check(QualitySamples.Text(QualitySamples.Prose(5) + " " + sentence, kind)).Reason, Is.EqualTo("meta_reference"));

    [Test]
    public void MetaReference_EverydayInstructionsAndDocuments_Keep()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new MetaReferenceCheck().Check(Advice("Read the instructions on the form, then check your company's guidelines on leave.")).Kept, Is.True);
            Assert.That(new MetaReferenceCheck().Check(QualitySamples.Text("The nurse followed the hospital's guidelines and her training.", DataKind.Stories)).Kept, Is.True);
            Assert.That(new MetaReferenceCheck().Check(QualitySamples.Text("An AI's constitution shapes its training.", DataKind.Documents)).Kept, Is.True);
        }
    }

    [TestCase("The memo went out on March 3, 2024, to every team.", "specific_date")]
    [TestCase("The review closed 2023-11-07 after two rounds.", "specific_date")]
    [TestCase("The shared password: Tulip-4481 opens the archive.", "credential")]
    [TestCase("Use the key sk-Abc123Def456Ghi789 for the test server.", "credential")]
    [TestCase("A 2021 survey found that 63% of nurses skip breaks.", "invented_statistic")]
    [TestCase("Roughly 4 out of 5 employees said they felt unheard.", "invented_statistic")]
    public void DocumentFacts_InventedFactInADocument_DropsWithReason(string sentence, string reason) =>
        Assert.That(new DocumentFactsCheck().Check(QualitySamples.Text(QualitySamples.Prose(5) + " " + sentence)).Reason, Is.EqualTo(reason));

    [Test]
    public void DocumentFacts_GeneralClaimsAndStories_Keep()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new DocumentFactsCheck().Check(QualitySamples.Text("Most teams review changes before they ship, and in spring the backlog grows.")).Kept, Is.True);
            Assert.That(new DocumentFactsCheck().Check(QualitySamples.Text("On March 3, 2024 she found that 63% of the crates were empty.", DataKind.Stories)).Kept, Is.True);
        }
    }
}
