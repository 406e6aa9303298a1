using System.Text.Json;
using DataGen.Generation.Parsing;
using DataGen.Providers.Local;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Providers.Local;

[TestFixture]
public sealed class JsonSchemaGrammarTests
{
    private static JsonElement AdviceSchema()
    {
        var parser = new JsonObjectParser("advice_chat", [("user_message", "u"), ("assistant_response", "a")]);
        return ((ChatResponseFormatJson)parser.ResponseFormat!).Schema!.Value;
    }

    private static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Test]
    public void Create_AdviceSchema_EmitsEveryPropertyInOrderWithBoundedStrings()
    {
        var grammar = JsonSchemaGrammar.Create(AdviceSchema(), 2048);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(grammar.Root, Is.EqualTo("root"));
            Assert.That(grammar.Gbnf, Does.StartWith("root ::= \"{\" \"\\\"user_message\\\":\" n0 \",\" \"\\\"assistant_response\\\":\" n1 \"}\""));
            Assert.That(grammar.Gbnf, Does.Contain($"first char{{0,{grammar.StringLength - 1}}}"));
            Assert.That(grammar.Gbnf, Does.Not.Contain("*").And.Not.Contain("+ "));
            Assert.That(grammar.StringLength, Is.GreaterThan(400));
        }
    }

    [TestCase(64)]
    [TestCase(120)]
    [TestCase(2048)]
    [TestCase(9000)]
    public void Create_AnyBudget_LongestReplyFitsTheBudget(int budget)
    {
        var grammar = JsonSchemaGrammar.Create(AdviceSchema(), budget);

        Assert.That(grammar.MaxTokens, Is.LessThanOrEqualTo(budget).And.GreaterThan(budget - (2 * JsonSchemaGrammar.TokensPerStringUnit * 2)));
    }

    [Test]
    public void Create_ArrayOfStrings_CountsEveryItemAgainstTheBudget()
    {
        var schema = Schema("""{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"},"maxItems":4}}}""");

        var grammar = JsonSchemaGrammar.Create(schema, 300);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(grammar.MaxTokens, Is.LessThanOrEqualTo(300));
            Assert.That(grammar.Gbnf, Does.Contain("(\",\" n1){0,3}"));
        }
    }

    [Test]
    public void Create_ScalarsAndEnum_UseSharedRulesAndLiterals()
    {
        var schema = Schema("""{"type":"object","properties":{"n":{"type":"integer"},"x":{"type":["number","null"]},"b":{"type":"boolean"},"e":{"enum":["a","b c"]}}}""");

        var grammar = JsonSchemaGrammar.Create(schema, 100);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(grammar.Gbnf, Does.Contain("\"\\\"n\\\":\" integer"));
            Assert.That(grammar.Gbnf, Does.Contain("\"\\\"x\\\":\" number"));
            Assert.That(grammar.Gbnf, Does.Contain("\"\\\"b\\\":\" boolean"));
            Assert.That(grammar.Gbnf, Does.Contain("(\"\\\"a\\\"\" | \"\\\"b c\\\"\")"));
            Assert.That(grammar.StringLength, Is.Zero);
        }
    }

    [Test]
    public void Create_StringMaxLength_IsKeptWhenShorterThanTheBudgetAllows()
    {
        var schema = Schema("""{"type":"object","properties":{"s":{"type":"string","minLength":2,"maxLength":5}}}""");

        var grammar = JsonSchemaGrammar.Create(schema, 1000);

        Assert.That(grammar.Gbnf, Does.Contain("first char{1,4}"));
    }

    [Test]
    public void Create_BudgetTooSmall_ThrowsNamingTheBudget()
    {
        Assert.That(() => JsonSchemaGrammar.Create(AdviceSchema(), 40),
            Throws.ArgumentException.With.Message.Contains("40 tokens").And.Message.Contains("maxOutputTokens"));
    }

    [TestCase("""{"anyOf":[{"type":"string"}]}""", "anyOf")]
    [TestCase("""{"type":"object","properties":{"r":{"$ref":"#/x"}}}""", "$.r: '$ref'")]
    [TestCase("""{"type":"object","properties":{"a":{"type":"array"}}}""", "items")]
    [TestCase("""{"type":"null"}""", "null")]
    public void Create_UnsupportedConstruct_ThrowsNamingThePath(string json, string expected)
    {
        Assert.That(() => JsonSchemaGrammar.Create(Schema(json), 500), Throws.TypeOf<NotSupportedException>().With.Message.Contains(expected));
    }
}
