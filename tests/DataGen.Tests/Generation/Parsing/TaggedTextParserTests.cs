using DataGen.Generation.Parsing;

namespace DataGen.Tests.Generation.Parsing;

public sealed class TaggedTextParserTests
{
    private readonly TaggedTextParser _parser = new("story", "story");

    [Test]
    public void Parse_OneBlockAfterAPlan_ReturnsTheBody()
    {
        var result = _parser.Parse("Plan: something.\n\n<story>\nOnce, a lamp.\n</story>\n");

        Assert.That(result.Ok, Is.True);
        Assert.That(result.Fields!["story"], Is.EqualTo("Once, a lamp."));
    }

    [TestCase("<story>cut off here", "never closed")]
    [TestCase("just prose", "no <story>")]
    [TestCase("<story>  </story>", "empty")]
    [TestCase("<story>a</story><story>b</story>", "2 <story> blocks")]
    public void Parse_Malformed_FailsWithAReason(string reply, string reason)
    {
        var result = _parser.Parse(reply);

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Error, Does.Contain(reason));
    }

    [Test]
    public void Parse_LeadFieldNamed_KeepsTheReviewersProblemsBeforeTheTag()
    {
        var parser = new TaggedTextParser("improved_response", "improved_response", "response_problems");

        var result = parser.Parse("Problems:\n- opens with the verdict\n- no weighing\n\n<improved_response>\nThe better reply.\n</improved_response>");

        Assert.That(result.Fields, Is.EqualTo(new Dictionary<string, string>
        {
            ["improved_response"] = "The better reply.",
            ["response_problems"] = "Problems:\n- opens with the verdict\n- no weighing",
        }));
        Assert.That(parser.FieldNames, Is.EqualTo(new[] { "improved_response", "response_problems" }));
    }

    [Test]
    public void Parse_LeadFieldNamedButNothingBeforeTheTag_LeavesItOut()
    {
        var result = new TaggedTextParser("improved_document", "improved_document", "document_problems").Parse("  <improved_document>Text.</improved_document> trailing");

        Assert.That(result.Fields, Is.EqualTo(new Dictionary<string, string> { ["improved_document"] = "Text." }));
    }

    [Test]
    public void Parse_NoLeadField_IgnoresTheTextBeforeTheTag()
    {
        var result = new TaggedTextParser("story", "story").Parse("My plan: a quiet ending.\n<story>Once.</story>");

        Assert.That(result.Fields, Is.EqualTo(new Dictionary<string, string> { ["story"] = "Once." }));
    }
}
