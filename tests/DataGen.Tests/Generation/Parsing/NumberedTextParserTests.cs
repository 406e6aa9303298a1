using DataGen.Generation.Parsing;

namespace DataGen.Tests.Generation.Parsing;

public sealed class NumberedTextParserTests
{
    private readonly NumberedTextParser _parser = new("document", "document");

    [Test]
    public void Parse_ThreeNumberedBlocks_EachMemberGetsItsOwn()
    {
        var parsed = _parser.Parse("Plan: three pieces.\n<document n=\"1\">The ferry log.</document>\n<document n=\"2\">A choir rota.</document>\n<document n=\"3\">Notes on a kiln.</document>");

        Assert.That(parsed.Ok, Is.True, parsed.Error);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_parser.Member(parsed.Fields!, 0, 3).Fields!["document"], Is.EqualTo("The ferry log."));
            Assert.That(_parser.Member(parsed.Fields!, 1, 3).Fields!["document"], Is.EqualTo("A choir rota."));
            Assert.That(_parser.Member(parsed.Fields!, 2, 3).Fields!["document"], Is.EqualTo("Notes on a kiln."));
        }
    }

    [Test]
    public void Member_ReplyHoldsTwoOfThree_TheThirdIsMissingWithItsReason()
    {
        var parsed = _parser.Parse("<document n=\"1\">The ferry log.</document><document n=\"2\">A choir rota.</document>");

        var third = _parser.Member(parsed.Fields!, 2, 3);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Ok, Is.True, "a short reply still parses: the members it holds go on");
            Assert.That(third.Fields, Is.Null);
            Assert.That(third.Reason, Is.EqualTo(NumberedTextParser.MissingReason));
            Assert.That(third.Detail, Does.Contain("2 of the 3"));
        }
    }

    [Test]
    public void Parse_UnnumberedBlocks_AreNumberedInOrder()
    {
        var parsed = _parser.Parse("<document>First piece.</document> and <document>Second piece.</document>");

        Assert.That(_parser.Member(parsed.Fields!, 1, 2).Fields!["document"], Is.EqualTo("Second piece."));
    }

    [Test]
    public void Member_BlockTakesTheEscape_ThatMemberIsUnsuitable()
    {
        var parsed = _parser.Parse("<document n=\"1\">UNSUITABLE: a tide table cannot discuss honesty</document><document n=\"2\">A choir rota.</document>");

        var first = _parser.Member(parsed.Fields!, 0, 2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Reason, Is.EqualTo("unsuitable"));
            Assert.That(first.Detail, Is.EqualTo("a tide table cannot discuss honesty"));
            Assert.That(_parser.Member(parsed.Fields!, 1, 2).Fields!["document"], Is.EqualTo("A choir rota."));
        }
    }

    [TestCase("no tags at all, only prose", "no <document n=\"1\">")]
    [TestCase("<document n=\"1\">cut off mid", "no complete")]
    [TestCase("<document n=\"1\">one</document><document n=\"1\">again</document>", "numbered 1")]
    [TestCase("<document n=\"1\">   </document>", "no complete")]
    public void Parse_NoUsableBlock_FailsWithAReasonTheModelCanActOn(string reply, string error)
    {
        var parsed = _parser.Parse(reply);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Ok, Is.False);
            Assert.That(parsed.Error, Does.Contain(error));
        }
    }
}
