using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Tests.Support;
using Json.Schema;

namespace DataGen.Tests.Configuration;

/// <summary>
/// The subset check may only say "valid" where JsonSchema.Net does; these compare the two on the shipped schema with
/// planted configs on both sides of each keyword the schema uses.
/// </summary>
public sealed class SchemaSubsetCheckTests
{
    private static readonly JsonNode ShippedSchema = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "pipeline.schema.json")))!;

    private static SchemaSubsetCheck Check() => new(ShippedSchema);

    [Test]
    public void ProvesValid_ShippedPipelineJson_IsTrueSoJsonSchemaNetIsNotLoaded()
    {
        var config = Parse(File.ReadAllText(TestPaths.PipelineJson));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(PipelineConfigLoader.EvaluatedSchemaProblems(config), Is.Empty);
            Assert.That(Check().ProvesValid(config), Is.True);
        }
    }

    [Test]
    public void ProvesValid_RecordDefaults_IsTrue()
    {
        var defaults = JsonSerializer.SerializeToNode(new PipelineOptions { Constitution = new ConstitutionOptions { Path = "constitution.md" } }, PipelineConfigLoader.JsonOptions)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(PipelineConfigLoader.EvaluatedSchemaProblems(defaults), Is.Empty);
            Assert.That(Check().ProvesValid(defaults), Is.True);
        }
    }

    // Each is invalid against the shipped schema for one reason; the keyword it breaks is in the name.
    [TestCase("unknown root key", """{"constitution":{"path":"c.md"},"surprise":1}""")]
    [TestCase("unknown nested key", """{"constitution":{"path":"c.md","colour":"blue"}}""")]
    [TestCase("required", """{"run":{"seed":1}}""")]
    [TestCase("required nested", """{"constitution":{}}""")]
    [TestCase("type", """{"constitution":{"path":5}}""")]
    [TestCase("type null where not nullable", """{"constitution":{"path":null}}""")]
    [TestCase("integer given a fraction", """{"constitution":{"path":"c.md"},"provider":{"concurrency":1.5}}""")]
    [TestCase("minimum", """{"constitution":{"path":"c.md"},"provider":{"concurrency":0}}""")]
    [TestCase("maximum", """{"constitution":{"path":"c.md"},"generation":{"stories":{"count":100000000}}}""")]
    [TestCase("exclusiveMinimum at the bound", """{"constitution":{"path":"c.md"},"provider":{"timeoutSeconds":0}}""")]
    [TestCase("enum", """{"constitution":{"path":"c.md"},"provider":{"name":"gpt"}}""")]
    [TestCase("pattern", """{"constitution":{"path":"c.md"},"provider":{"apiKeyEnv":"NOT-A-NAME"}}""")]
    [TestCase("minLength", """{"constitution":{"path":""}}""")]
    [TestCase("propertyNames", """{"constitution":{"path":"c.md"},"providers":{"bad name!":{"name":"openai"}}}""")]
    [TestCase("additionalProperties schema", """{"constitution":{"path":"c.md"},"providers":{"fast":{"name":"openai","colour":1}}}""")]
    [TestCase("array item type", """{"constitution":{"path":"c.md"},"generation":{"stories":{"aiNames":[1]}}}""")]
    [TestCase("minProperties", """{"constitution":{"path":"c.md"},"generation":{"stories":{"genres":{}}}}""")]
    [TestCase("weights value exclusiveMinimum", """{"constitution":{"path":"c.md"},"generation":{"stories":{"genres":{"fable":0}}}}""")]
    [TestCase("uniqueItems", """{"constitution":{"path":"c.md"},"generation":{"stories":{"aiNames":["Ada","Ada"]}}}""")]
    [TestCase("retired key", """{"constitution":{"path":"c.md"},"quality":{"checks":{"minReasoningMarkers":2}}}""")]
    public void ProvesValid_PlantedInvalidConfig_IsFalseAndJsonSchemaNetReportsIt(string breaks, string json)
    {
        var config = Parse(json);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(PipelineConfigLoader.EvaluatedSchemaProblems(config), Is.Not.Empty, breaks);
            Assert.That(Check().ProvesValid(config), Is.False, breaks);
            Assert.That(PipelineConfigLoader.SchemaProblems(config), Is.EqualTo(PipelineConfigLoader.EvaluatedSchemaProblems(config)), breaks);
        }
    }

    // Valid at the edges: the check must not be stricter than the schema where a config sits on a bound.
    [TestCase("minimum at the bound", """{"constitution":{"path":"c.md"},"provider":{"concurrency":1}}""")]
    [TestCase("exclusiveMinimum just above", """{"constitution":{"path":"c.md"},"provider":{"timeoutSeconds":0.001}}""")]
    [TestCase("nullable given null", """{"constitution":{"path":"c.md"},"provider":{"endpoint":null}}""")]
    [TestCase("uri", """{"constitution":{"path":"c.md"},"provider":{"name":"openai","endpoint":"http://127.0.0.1:8000/v1"}}""")]
    [TestCase("named provider", """{"constitution":{"path":"c.md"},"providers":{"fast-1":{"name":"openai"}}}""")]
    [TestCase("$schema key", """{"$schema":"./pipeline.schema.json","constitution":{"path":"c.md"}}""")]
    public void ProvesValid_PlantedValidConfig_AgreesWithJsonSchemaNet(string edge, string json)
    {
        var config = Parse(json);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(PipelineConfigLoader.EvaluatedSchemaProblems(config), Is.Empty, edge);
            Assert.That(Check().ProvesValid(config), Is.True, edge);
        }
    }

    [Test]
    public void SchemaProblems_TextWithALineBreakUnderAPattern_IsLeftToJsonSchemaNet()
    {
        // .NET's '$' matches before a final line break, so JsonSchema.Net accepts "KEY\n" for ^[A-Za-z_][A-Za-z0-9_]*$;
        // the subset check does not guess at that corner and the loader's answer stays JsonSchema.Net's.
        var config = Parse("""{"constitution":{"path":"c.md"},"provider":{"apiKeyEnv":"KEY\n"}}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Check().ProvesValid(config), Is.False);
            Assert.That(PipelineConfigLoader.SchemaProblems(config), Is.EqualTo(PipelineConfigLoader.EvaluatedSchemaProblems(config)));
        }
    }

    [Test]
    public void ProvesValid_SchemaWithAKeywordItDoesNotKnow_IsFalse()
    {
        var schema = JsonNode.Parse("""{"type":"object","patternProperties":{"^x":{"type":"string"}}}""")!;

        Assert.That(new SchemaSubsetCheck(schema).ProvesValid(JsonNode.Parse("""{"x1":"a"}""")), Is.False);
    }

    [Test]
    public void ShippedSchema_AgainstTheDraft202012MetaSchema_IsValid()
    {
        // The loader no longer builds JsonSchema.Net's meta-schemas at run time; the schema is checked here instead.
        var result = MetaSchemas.Draft202012.Evaluate(JsonSerializer.SerializeToElement(ShippedSchema), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.That(result.IsValid, Is.True);
    }

    private static JsonNode Parse(string json) =>
        JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
}
