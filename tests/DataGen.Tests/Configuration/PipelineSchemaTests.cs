using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Tests.Support;

namespace DataGen.Tests.Configuration;

/// <summary>
/// Keeps <c>pipeline.schema.json</c> and the C# config records identical: every object the records serialise has the
/// schema's keys, no more and no fewer, and every default the schema states is the records' default. The records'
/// defaults are <c>new PipelineOptions()</c> serialised as the loader reads config.
/// </summary>
public sealed class PipelineSchemaTests
{
    [Test]
    public void Schema_AgainstTheRecords_HasTheSameKeysAndDefaults()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "pipeline.schema.json")))!;
        var defaults = JsonSerializer.SerializeToNode(new PipelineOptions { Constitution = new ConstitutionOptions { Path = "constitution.md" } }, PipelineConfigLoader.JsonOptions)!;
        var problems = new List<string>();

        Compare(schema, schema, defaults, "$", problems);

        Assert.That(problems, Is.Empty, string.Join("\n", problems));
        Assert.That(Count(schema, schema), Is.GreaterThan(150), "the walk reaches the whole schema");
    }

    [Test]
    public void Compare_KeyMissingFromSchemaAndDefaultThatDiffers_AreBothReported()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"integer","default":1},"b":{"type":"object","properties":{"c":{"default":"x"}}}}}""")!;
        var records = JsonNode.Parse("""{"a":2,"b":{"c":"x","d":true}}""")!;
        var problems = new List<string>();

        Compare(schema, schema, records, "$", problems);

        Assert.That(problems, Is.EquivalentTo(new[] { "$.a: schema default 1, records default 2", "$.b.d: in the records, not in the schema" }));
    }

    /// <param name="root">The whole schema, for $ref.</param>
    /// <param name="node">The schema of <paramref name="value"/>.</param>
    /// <param name="value">The records' default at <paramref name="path"/>.</param>
    /// <param name="path">Where we are, for the message.</param>
    /// <param name="problems">Differences found.</param>
    /// <param name="checkDefaults">
    /// False below a property that states its own default beside a $ref (the per-kind bounds): the shared definition's
    /// defaults describe the bare record, the property's default the one the config uses.
    /// </param>
    private static void Compare(JsonNode root, JsonNode node, JsonNode? value, string path, List<string> problems, bool checkDefaults = true)
    {
        var stated = checkDefaults ? node["default"] : null;
        var referenced = node["$ref"] is not null;
        node = Resolve(root, node);
        if (referenced && stated is not null)
        {
            checkDefaults = false;
        }

        stated ??= checkDefaults ? node["default"] : null;
        if (stated is not null && !JsonNode.DeepEquals(Normalise(stated), Normalise(value)))
        {
            problems.Add($"{path}: schema default {stated.ToJsonString()}, records default {value?.ToJsonString() ?? "null"}");
        }

        var properties = Properties(root, node);
        if (value is not JsonObject record || properties is null)
        {
            return;
        }

        // "$schema" names the schema for editors; it is not config.
        foreach (var (key, child) in properties.Where(p => !p.Key.StartsWith('$')))
        {
            if (!record.ContainsKey(key))
            {
                problems.Add($"{path}.{key}: in the schema, not in the records");
                continue;
            }

            Compare(root, child!, record[key], $"{path}.{key}", problems, checkDefaults);
        }

        foreach (var key in record.Select(p => p.Key).Where(k => !properties.ContainsKey(k)))
        {
            problems.Add($"{path}.{key}: in the records, not in the schema");
        }
    }

    /// <summary>Keys the walk visits: every declared property, through $ref and allOf.</summary>
    private static int Count(JsonNode root, JsonNode node)
    {
        var properties = Properties(root, Resolve(root, node));
        return properties is null ? 0 : properties.Sum(p => 1 + Count(root, p.Value!));
    }

    /// <summary>The declared properties of an object schema (its own and those of allOf parts); null for a map or a non-object.</summary>
    private static Dictionary<string, JsonNode?>? Properties(JsonNode root, JsonNode node)
    {
        var parts = new[] { node }.Concat(node["allOf"]?.AsArray().Select(p => Resolve(root, p!)) ?? []).ToList();
        var declared = parts.Where(p => p["properties"] is JsonObject).SelectMany(p => p["properties"]!.AsObject()).ToList();
        return declared.Count == 0 ? null : declared.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
    }

    private static JsonNode Resolve(JsonNode root, JsonNode node)
    {
        while (node["$ref"] is { } reference)
        {
            var target = root;
            foreach (var part in reference.GetValue<string>().TrimStart('#', '/').Split('/'))
            {
                target = target[part]!;
            }

            node = target;
        }

        return node;
    }

    /// <summary>Numbers compared by value (1 and 1.0 are the same default).</summary>
    private static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.GetValue<decimal>()),
        JsonArray a => new JsonArray([.. a.Select(Normalise)]),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value)))),
        _ => node?.DeepClone(),
    };
}
