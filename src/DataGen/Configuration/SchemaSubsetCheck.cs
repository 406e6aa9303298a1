using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DataGen.Configuration;

/// <summary>
/// Proves a config valid against <c>pipeline.schema.json</c> without JsonSchema.Net, whose meta-schemas, vocabularies
/// and schema build were a fifth of a published <c>validate -q</c>. It knows the keywords the shipped schema uses and
/// answers only "valid" or "not shown valid": a keyword it does not know, a value it cannot compare exactly, or any
/// doubt is "not shown valid", and <see cref="PipelineConfigLoader"/> then asks JsonSchema.Net, which words the errors.
/// A bad config therefore gets the same messages as before; a good one never loads JsonSchema.Net.
/// </summary>
/// <remarks>
/// The one rule that keeps this sound: <see cref="ProvesValid"/> returns true only where JSON Schema 2020-12 says valid.
/// Returning false too often costs start-up time, never correctness.
/// </remarks>
internal sealed class SchemaSubsetCheck
{
    private const int MaxDepth = 64;

    private readonly JsonNode root;
    private readonly Dictionary<string, Regex?> patterns = new(StringComparer.Ordinal);

    /// <param name="root">The whole schema (for <c>$ref</c> pointers).</param>
    public SchemaSubsetCheck(JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        this.root = root;
    }

    /// <summary>True only when <paramref name="instance"/> is valid against the schema; false when not shown valid.</summary>
    public bool ProvesValid(JsonNode? instance) => Holds(root, instance, 0);

    private bool Holds(JsonNode? schema, JsonNode? instance, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (schema is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return boolean.GetValueKind() == JsonValueKind.True;
        }

        if (schema is not JsonObject keywords)
        {
            return false;
        }

        foreach (var (keyword, value) in keywords)
        {
            var holds = keyword switch
            {
                "$schema" or "$id" or "$comment" or "$defs" or "title" or "description" or "default" or "examples" or "deprecated" => true,
                "$ref" => Reference(value) is { } target && Holds(target, instance, depth + 1),
                "type" => Type(value, instance),
                "enum" => value is JsonArray options && options.Any(o => JsonNode.DeepEquals(o, instance)),
                "properties" => Properties(value, instance, depth),
                "additionalProperties" => AdditionalProperties(keywords, value, instance, depth),
                "required" => Required(value, instance),
                "propertyNames" => instance is not JsonObject named || named.All(p => Holds(value, JsonValue.Create(p.Key), depth + 1)),
                "minProperties" => instance is not JsonObject counted || (Count(value) is { } min && counted.Count >= min),
                "items" => value is not JsonArray && (instance is not JsonArray list || list.All(item => Holds(value, item, depth + 1))),
                "minItems" => instance is not JsonArray few || (Count(value) is { } min && few.Count >= min),
                "maxItems" => instance is not JsonArray many || (Count(value) is { } max && many.Count <= max),
                "uniqueItems" => UniqueItems(value, instance),
                "minimum" => Compare(value, instance, (x, bound) => x >= bound),
                "maximum" => Compare(value, instance, (x, bound) => x <= bound),
                "exclusiveMinimum" => Compare(value, instance, (x, bound) => x > bound),
                "exclusiveMaximum" => Compare(value, instance, (x, bound) => x < bound),
                "minLength" => Text(instance) is not { } shortText || (Count(value) is { } min && CodePoints(shortText) >= min),
                "maxLength" => Text(instance) is not { } longText || (Count(value) is { } max && CodePoints(longText) <= max),
                "pattern" => Pattern(value, instance),
                "format" => Format(value, instance),
                _ => false, // a keyword this check does not know: JsonSchema.Net decides
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private JsonNode? Reference(JsonNode? value)
    {
        if (value is not JsonValue text || !text.TryGetValue<string>(out var pointer) || !pointer.StartsWith('#'))
        {
            return null;
        }

        var current = root;
        foreach (var raw in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(part, out var child) || child is null)
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    private static bool Type(JsonNode? value, JsonNode? instance) => value switch
    {
        JsonValue single when single.TryGetValue<string>(out var name) => IsOfType(name, instance),
        JsonArray names => names.Any(n => n is JsonValue v && v.TryGetValue<string>(out var name) && IsOfType(name, instance)),
        _ => false,
    };

    private static bool IsOfType(string name, JsonNode? instance)
    {
        var kind = instance?.GetValueKind() ?? JsonValueKind.Null;
        return name switch
        {
            "null" => kind == JsonValueKind.Null,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "number" => kind == JsonValueKind.Number,
            // Only integer literals: 2020-12 also counts 1.0, but a literal the reader may treat otherwise is left to JsonSchema.Net.
            "integer" => kind == JsonValueKind.Number && instance is JsonValue number && number.TryGetValue<JsonElement>(out var element) && element.TryGetInt64(out _),
            _ => false,
        };
    }

    private bool Properties(JsonNode? value, JsonNode? instance, int depth)
    {
        if (value is not JsonObject declared)
        {
            return false;
        }

        if (instance is not JsonObject obj)
        {
            return true;
        }

        foreach (var (key, child) in obj)
        {
            if (declared.TryGetPropertyValue(key, out var schema) && !Holds(schema, child, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private bool AdditionalProperties(JsonObject keywords, JsonNode? value, JsonNode? instance, int depth)
    {
        if (keywords.ContainsKey("patternProperties"))
        {
            return false;
        }

        if (instance is not JsonObject obj)
        {
            return true;
        }

        var declared = keywords["properties"] as JsonObject;
        return obj.Where(p => declared is null || !declared.ContainsKey(p.Key)).All(p => Holds(value, p.Value, depth + 1));
    }

    private static bool Required(JsonNode? value, JsonNode? instance) =>
        value is JsonArray names && (instance is not JsonObject obj
            || names.All(n => n is JsonValue v && v.TryGetValue<string>(out var name) && obj.ContainsKey(name)));

    private static bool UniqueItems(JsonNode? value, JsonNode? instance)
    {
        switch (value?.GetValueKind())
        {
            case JsonValueKind.False:
                return true;
            case not JsonValueKind.True:
                return false;
        }

        if (instance is not JsonArray items)
        {
            return true;
        }

        // Strings only: JSON equality of numbers (1 and 1.0) or objects is left to JsonSchema.Net.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return items.All(item => Text(item) is { } text && seen.Add(text));
    }

    private static bool Compare(JsonNode? value, JsonNode? instance, Func<decimal, decimal, bool> holds)
    {
        if (Number(value) is not { } bound)
        {
            return false;
        }

        if (instance?.GetValueKind() != JsonValueKind.Number)
        {
            return true;
        }

        return Number(instance) is { } x && holds(x, bound);
    }

    private bool Pattern(JsonNode? value, JsonNode? instance)
    {
        if (Text(value) is not { } pattern)
        {
            return false;
        }

        if (Text(instance) is not { } text)
        {
            return instance?.GetValueKind() != JsonValueKind.String;
        }

        // '$' before a final line break and other dialect corners: JsonSchema.Net decides for text with line breaks.
        if (text.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            return false;
        }

        if (!patterns.TryGetValue(pattern, out var regex))
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                // Not a pattern .NET reads: JsonSchema.Net reports it.
                regex = null;
            }

            patterns[pattern] = regex;
        }

        return regex is not null && regex.IsMatch(text);
    }

    private static bool Format(JsonNode? value, JsonNode? instance)
    {
        // Formats are annotations under 2020-12's default vocabulary; only "uri" is recognised, and only an absolute
        // URI passes, so this never says valid where an asserting evaluator would not.
        if (Text(value) != "uri")
        {
            return false;
        }

        return Text(instance) is not { } text || Uri.TryCreate(text, UriKind.Absolute, out _);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static decimal? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<JsonElement>(out var element) && element.TryGetDecimal(out var d)
            ? d
            : node is JsonValue w && w.GetValueKind() == JsonValueKind.Number && decimal.TryParse(w.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : null;

    private static long? Count(JsonNode? node) => Number(node) is { } d && d >= 0 && d == decimal.Truncate(d) ? (long)d : null;

    private static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
