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
    public void Parse_WithLeadField_KeepsTheProblemListBeforeTheBlock()
    {
        var parser = new TaggedTextParser("improved", "improved", "problems");

        var result = parser.Parse("- the ending lectures\n- one claim is invented\n\n<improved>\nBetter text.\n</improved>");

        Assert.That(result.Fields, Is.EqualTo(new Dictionary<string, string> { ["improved"] = "Better text.", ["problems"] = "- the ending lectures\n- one claim is invented" }));
        Assert.That(parser.FieldNames, Is.EqualTo(new[] { "improved", "problems" }));
    }
}
