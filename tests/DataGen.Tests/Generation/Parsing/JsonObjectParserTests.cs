using DataGen.Generation.Parsing;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Generation.Parsing;

public sealed class JsonObjectParserTests
{
    private readonly JsonObjectParser _parser = new("chat", [("user_message", "u"), ("assistant_response", "a")]);

    [Test]
    public void Parse_ExactObject_ReturnsFields()
    {
        var result = _parser.Parse("""{"user_message":"help","assistant_response":"here is why"}""");

        Assert.That(result.Ok, Is.True);
        Assert.That(result.Fields!["assistant_response"], Is.EqualTo("here is why"));
    }

    [Test]
    public void Parse_InsideACodeFence_IsAccepted()
    {
        var result = _parser.Parse("```json\n{\"user_message\":\"a\",\"assistant_response\":\"b\"}\n```");

        Assert.That(result.Ok, Is.True);
    }

    [TestCase("not json at all", "not valid JSON")]
    [TestCase("[1,2]", "must be a JSON object")]
    [TestCase("""{"user_message":"a"}""", "missing field \"assistant_response\"")]
    [TestCase("""{"user_message":"a","assistant_response":"b","extra":"c"}""", "unexpected field \"extra\"")]
    [TestCase("""{"user_message":"a","assistant_response":3}""", "field \"assistant_response\" must be a string")]
    [TestCase("""{"user_message":" ","assistant_response":"b"}""", "field \"user_message\" is empty")]
    public void Parse_OffSchema_FailsWithAReason(string reply, string reason)
    {
        var result = _parser.Parse(reply);

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Error, Does.Contain(reason));
    }

    [Test]
    public void ResponseFormat_IsAStrictJsonSchema()
    {
        var format = _parser.ResponseFormat as ChatResponseFormatJson;

        Assert.That(format?.Schema, Is.Not.Null);
        var schema = format!.Schema!.Value.GetRawText();
        Assert.That(schema, Does.Contain("\"additionalProperties\":false").And.Contain("\"required\":[\"user_message\",\"assistant_response\"]"));
    }
}
