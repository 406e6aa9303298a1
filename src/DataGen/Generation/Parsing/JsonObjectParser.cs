using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace DataGen.Generation.Parsing;

/// <summary>
/// Strict parser for a flat JSON object of required, non-empty string fields. Asks the provider for that schema
/// (structured output) and accepts nothing else: no missing field, no extra field, no non-string value. A single
/// surrounding Markdown code fence is tolerated because many models add one even under a schema.
/// </summary>
public sealed class JsonObjectParser : IReplyParser
{
    private readonly IReadOnlyList<(string Name, string Description)> _fields;

    public JsonObjectParser(string schemaName, IReadOnlyList<(string Name, string Description)> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = fields;
        var properties = new JsonObject();
        foreach (var (name, description) in fields)
        {
            properties[name] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = description };
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. fields.Select(f => (JsonNode)f.Name)]),
            ["additionalProperties"] = false,
        };
        ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema), schemaName);
    }

    public ChatResponseFormat? ResponseFormat { get; }

    public IReadOnlyList<string> FieldNames => [.. _fields.Select(f => f.Name)];

    public ParseResult Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = StripFence(reply.Trim());
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            return ParseResult.Failure($"the reply is not valid JSON ({ex.Message.Split(" Path:")[0].Trim()}); reply with one JSON object only");
        }

        if (node is not JsonObject obj)
        {
            return ParseResult.Failure("the reply must be a JSON object");
        }

        var problems = new List<string>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, _) in _fields)
        {
            if (!obj.TryGetPropertyValue(name, out var value) || value is null)
            {
                problems.Add($"missing field \"{name}\"");
            }
            else if (value.GetValueKind() != JsonValueKind.String)
            {
                problems.Add($"field \"{name}\" must be a string");
            }
            else if (value.GetValue<string>().Trim().Length == 0)
            {
                problems.Add($"field \"{name}\" is empty");
            }
            else
            {
                fields[name] = value.GetValue<string>().Trim();
            }
        }

        foreach (var (name, _) in obj)
        {
            if (!_fields.Any(f => f.Name == name))
            {
                problems.Add($"unexpected field \"{name}\"");
            }
        }

        return problems.Count > 0 ? ParseResult.Failure(string.Join("; ", problems)) : ParseResult.Success(fields);
    }

    private static string StripFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
        return firstNewline < 0 ? text : text[(firstNewline + 1)..^3].Trim();
    }
}
