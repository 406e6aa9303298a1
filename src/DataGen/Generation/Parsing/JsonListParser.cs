using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace DataGen.Generation.Parsing;

/// <summary>
/// Strict parser for a list reply: a JSON object with one array of non-empty, single-line strings (structured
/// output). The items come back as one field, one item per line, so list steps share the string-field contract.
/// </summary>
public sealed class JsonListParser : IReplyParser
{
    /// <summary>The array's property name, and the field the items are returned in.</summary>
    public const string Field = "items";

    public JsonListParser(string schemaName, string itemDescription)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                [Field] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = itemDescription },
                },
            },
            ["required"] = new JsonArray(Field),
            ["additionalProperties"] = false,
        };
        ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema), schemaName);
    }

    public ChatResponseFormat? ResponseFormat { get; }

    public IReadOnlyList<string> FieldNames => [Field];

    /// <summary>Splits a parsed <see cref="Field"/> value back into items.</summary>
    public static IReadOnlyList<string> Items(string field) =>
        field.Length == 0 ? [] : field.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public ParseResult Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = reply.Trim();
        if (text.StartsWith("```", StringComparison.Ordinal) && text.EndsWith("```", StringComparison.Ordinal) && text.Length >= 6)
        {
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            text = newline < 0 ? text : text[(newline + 1)..^3].Trim();
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            return ParseResult.Failure($"the reply is not valid JSON ({ex.Message.Split(" Path:")[0].Trim()}); reply with one JSON object only");
        }

        if (node is not JsonObject obj || !obj.TryGetPropertyValue(Field, out var array) || array is not JsonArray items)
        {
            return ParseResult.Failure($"the reply must be a JSON object with one array field \"{Field}\"");
        }

        if (obj.Count != 1)
        {
            return ParseResult.Failure($"unexpected fields besides \"{Field}\"");
        }

        var values = new List<string>();
        foreach (var item in items)
        {
            if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Trim().Length == 0)
            {
                return ParseResult.Failure($"every item of \"{Field}\" must be a non-empty string");
            }

            values.Add(string.Join(' ', value.GetValue<string>().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }

        return ParseResult.Success(new Dictionary<string, string> { [Field] = string.Join('\n', values) });
    }
}
