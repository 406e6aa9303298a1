using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataGen.Providers.Local;

/// <summary>
/// Turns the JSON-schema subset the generators request (objects whose properties are strings, numbers, integers,
/// booleans, enums, arrays and nested objects) into a llama.cpp GBNF grammar that is <em>bounded</em>: every
/// repetition has an upper limit, and string lengths are chosen so the longest reply the grammar allows fits in the
/// token budget. A sampler constrained by it therefore always closes the object before the budget runs out.
/// </summary>
/// <remarks>
/// The bound rests on two facts: every sampled token adds at least one character, and a string "unit" (one
/// printable ASCII character or a two-character escape) is at most two tokens. Strings are ASCII (non-ASCII is
/// unreachable through the byte-fallback tokens of many vocabularies within a fixed budget); properties are all
/// emitted, in schema order, without whitespace, and nothing else is allowed.
/// </remarks>
public static class JsonSchemaGrammar
{
    /// <summary>Most tokens one string unit can take (an escape such as <c>\n</c> is two characters).</summary>
    public const int TokensPerStringUnit = 2;

    /// <summary>Items an array may hold when the schema sets no <c>maxItems</c>.</summary>
    public const int DefaultMaxItems = 8;

    private const int IntegerTokens = 16; // "-" and up to 15 digits
    private const int NumberTokens = IntegerTokens + 7 + 5; // ".dddddd" and "e-ddd"

    /// <summary>Builds the grammar (root rule <c>root</c>) for <paramref name="schema"/> within <paramref name="maxTokens"/>.</summary>
    /// <exception cref="NotSupportedException">The schema uses a construct outside the subset.</exception>
    /// <exception cref="ArgumentException">The budget cannot hold the schema's smallest reply.</exception>
    public static BoundedGrammar Create(JsonElement schema, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        var root = Parse(schema, "$");
        var fixedCost = Cost(root, 0);
        var slots = StringSlots(root);
        var length = slots == 0 ? 0 : (maxTokens - fixedCost) / (slots * TokensPerStringUnit);
        var tooSmall = fixedCost > maxTokens || (slots > 0 && MinStringLength(root) > length);
        if (tooSmall)
        {
            throw new ArgumentException(
                $"an output budget of {maxTokens} tokens cannot hold a reply to this JSON schema (the fixed part alone takes {fixedCost} tokens, " +
                $"leaving {Math.Max(0, length)} characters per string); raise maxOutputTokens", nameof(maxTokens));
        }

        var writer = new GbnfWriter(length);
        writer.Root(writer.Expression(root));
        return new BoundedGrammar(writer.ToString(), "root", length, Cost(root, length));
    }

    private static SchemaNode Parse(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new NotSupportedException($"{path}: expected a schema object");
        }

        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf", "$ref", "not", "if", "patternProperties" })
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                throw new NotSupportedException($"{path}: '{keyword}' is not supported by the local provider's grammar");
            }
        }

        if (schema.TryGetProperty("enum", out var values) || schema.TryGetProperty("const", out values))
        {
            var literals = values.ValueKind == JsonValueKind.Array ? values.EnumerateArray().Select(v => v.GetRawText()).ToList() : [values.GetRawText()];
            return literals.Count == 0 ? throw new NotSupportedException($"{path}: empty enum") : new EnumNode(literals);
        }

        return TypeOf(schema, path) switch
        {
            "object" => new ObjectNode(schema.TryGetProperty("properties", out var props)
                ? [.. props.EnumerateObject().Select(p => (p.Name, Parse(p.Value, $"{path}.{p.Name}")))]
                : []),
            "array" => ParseArray(schema, path),
            "string" => new StringNode(Int(schema, "minLength") ?? 0, Int(schema, "maxLength")),
            "integer" => new ScalarNode("integer", IntegerTokens),
            "number" => new ScalarNode("number", NumberTokens),
            "boolean" => new ScalarNode("boolean", 5),
            var other => throw new NotSupportedException($"{path}: type '{other}' is not supported by the local provider's grammar"),
        };
    }

    private static ArrayNode ParseArray(JsonElement schema, string path)
    {
        var item = schema.TryGetProperty("items", out var items) ? Parse(items, $"{path}[]") : throw new NotSupportedException($"{path}: an array needs 'items'");
        var min = Int(schema, "minItems") ?? 0;
        var max = Math.Max(min, Int(schema, "maxItems") ?? DefaultMaxItems);
        return new ArrayNode(item, min, max);
    }

    private static string TypeOf(JsonElement schema, string path)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : throw new NotSupportedException($"{path}: a schema without 'type' is not supported");
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString()!,
            JsonValueKind.Array => type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t is not null and not "null")
                ?? throw new NotSupportedException($"{path}: type null is not supported"),
            _ => throw new NotSupportedException($"{path}: 'type' must be a string or an array"),
        };
    }

    private static int? Int(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;

    /// <summary>Most tokens the node can take when unbounded strings hold <paramref name="length"/> units.</summary>
    private static int Cost(SchemaNode node, int length) => node switch
    {
        ObjectNode o => 2 + Math.Max(0, o.Properties.Count - 1) + o.Properties.Sum(p => Encoding.UTF8.GetByteCount(KeyLiteral(p.Name)) + Cost(p.Node, length)),
        ArrayNode a => 2 + Math.Max(0, a.MaxItems - 1) + (a.MaxItems * Cost(a.Item, length)),
        StringNode s => 2 + (TokensPerStringUnit * StringLength(s, length)),
        ScalarNode n => n.MaxTokens,
        EnumNode e => e.Literals.Max(Encoding.UTF8.GetByteCount),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static int StringSlots(SchemaNode node) => node switch
    {
        ObjectNode o => o.Properties.Sum(p => StringSlots(p.Node)),
        ArrayNode a => a.MaxItems * StringSlots(a.Item),
        StringNode => 1,
        _ => 0,
    };

    private static int MinStringLength(SchemaNode node) => node switch
    {
        ObjectNode o => o.Properties.Select(p => MinStringLength(p.Node)).DefaultIfEmpty(0).Max(),
        ArrayNode a => MinStringLength(a.Item),
        StringNode s => Math.Max(s.MinLength, 1),
        _ => 0,
    };

    private static int StringLength(StringNode node, int length) => Math.Min(node.MaxLength ?? int.MaxValue, length);

    private static string KeyLiteral(string name) => JsonSerializer.Serialize(name) + ":";

    private abstract record SchemaNode;

    private sealed record ObjectNode(IReadOnlyList<(string Name, SchemaNode Node)> Properties) : SchemaNode;

    private sealed record ArrayNode(SchemaNode Item, int MinItems, int MaxItems) : SchemaNode;

    private sealed record StringNode(int MinLength, int? MaxLength) : SchemaNode;

    private sealed record ScalarNode(string Kind, int MaxTokens) : SchemaNode;

    private sealed record EnumNode(IReadOnlyList<string> Literals) : SchemaNode;

    /// <summary>Writes rules; shared character classes are defined once at the end.</summary>
    private sealed class GbnfWriter(int length)
    {
        private const string Shared = """
            char ::= [\x20-\x21\x23-\x5B\x5D-\x7E] | "\\" ["\\/nt]
            first ::= [\x21\x23-\x5B\x5D-\x7E] | "\\" ["\\/]
            integer ::= "-"? ("0" | [1-9] [0-9]{0,14})
            number ::= integer ("." [0-9]{1,6})? ([eE] [-+]? [0-9]{1,3})?
            boolean ::= "true" | "false"
            """;

        private readonly StringBuilder _rules = new();
        private int _next;

        public void Rule(string name, string expression) => _rules.Append(name).Append(" ::= ").AppendLine(expression);

        /// <summary>The start rule goes first so the grammar reads top-down.</summary>
        public void Root(string expression) => _rules.Insert(0, "root ::= " + expression + Environment.NewLine);

        public string Expression(SchemaNode node) => node switch
        {
            ObjectNode o => Object(o),
            ArrayNode a => Array(a),
            StringNode s => String(s),
            ScalarNode n => n.Kind,
            EnumNode e => "(" + string.Join(" | ", e.Literals.Select(Literal)) + ")",
            _ => throw new NotSupportedException(node.GetType().Name),
        };

        public override string ToString() => _rules + Shared + Environment.NewLine;

        private string Object(ObjectNode node)
        {
            var parts = node.Properties.Select(p => Literal(KeyLiteral(p.Name)) + " " + Named(p.Node));
            return node.Properties.Count == 0 ? "\"{}\"" : "\"{\" " + string.Join(" \",\" ", parts) + " \"}\"";
        }

        private string Array(ArrayNode node)
        {
            var item = Named(node.Item);
            if (node.MaxItems == 0)
            {
                return "\"[]\"";
            }

            var rest = Repeat($"(\",\" {item})", Math.Max(0, node.MinItems - 1), node.MaxItems - 1);
            var items = $"{item} {rest}".TrimEnd();
            return node.MinItems == 0 ? $"\"[\" ({items})? \"]\"" : $"\"[\" {items} \"]\"";
        }

        private string String(StringNode node)
        {
            var max = StringLength(node, length);
            return node.MinLength == 0
                ? $"\"\\\"\" {Repeat("char", 0, max)} \"\\\"\"".Replace("  ", " ", StringComparison.Ordinal)
                : $"\"\\\"\" first {Repeat("char", node.MinLength - 1, max - 1)} \"\\\"\"".Replace("  ", " ", StringComparison.Ordinal);
        }

        private string Named(SchemaNode node)
        {
            if (node is ScalarNode scalar)
            {
                return scalar.Kind;
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"n{_next++}");
            Rule(name, Expression(node));
            return name;
        }

        private static string Repeat(string unit, int min, int max) =>
            max <= 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"{unit}{{{min},{max}}}");

        private static string Literal(string text)
        {
            var escaped = new StringBuilder("\"");
            foreach (var c in text)
            {
                escaped.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => c.ToString(),
                });
            }

            return escaped.Append('"').ToString();
        }
    }
}
