using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Generation;
using Microsoft.Extensions.AI;

namespace DataGen.Quality.Judging;

/// <summary>
/// Strict parser for a verdict: an integer 1-5 per criterion, a non-empty <c>rationale</c>, and a <c>section</c> that
/// is one of the constitution's section ids. Requests that JSON schema (structured output); tolerates one code fence.
/// Fields come back as strings (scores in invariant digits) under the <see cref="IReplyParser"/> contract.
/// </summary>
public sealed class JudgeReplyParser : IReplyParser
{
    private readonly IReadOnlyList<(string Name, string Description)> _criteria;
    private readonly HashSet<string> _sections;
    private readonly IReadOnlyList<JudgeGate> _gates;

    public JudgeReplyParser(IReadOnlyList<(string Name, string Description)> criteria, IReadOnlyList<string> sectionIds, IReadOnlyList<JudgeGate>? gates = null)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(sectionIds);
        _criteria = criteria;
        _sections = [.. sectionIds];
        _gates = gates ?? [];
        var properties = new JsonObject();
        foreach (var (name, description) in criteria)
        {
            properties[name] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 5, ["description"] = description };
        }

        properties["rationale"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Two or three sentences: why these scores, quoting the weakest sentence." };
        properties["section"] = new JsonObject
        {
            ["type"] = "string",
            ["enum"] = new JsonArray([.. sectionIds.Select(s => (JsonNode)s)]),
            ["description"] = "Id of the constitution section the verdict relied on most.",
        };
        if (_gates.Count > 0)
        {
            var gateProperties = new JsonObject();
            foreach (var gate in _gates)
            {
                gateProperties[gate.Name] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["pass"] = new JsonObject { ["type"] = "boolean", ["description"] = $"pass/fail: true when it passes. {gate.Passes}" },
                        ["sentence"] = new JsonObject { ["type"] = "string", ["description"] = "When it fails: the sentence of the sample that fails it, quoted; empty when it passes." },
                    },
                    ["required"] = new JsonArray("pass", "sentence"),
                    ["additionalProperties"] = false,
                };
            }

            properties["gates"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = gateProperties,
                ["required"] = new JsonArray([.. _gates.Select(g => (JsonNode)g.Name)]),
                ["additionalProperties"] = false,
            };
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. FieldNames.Select(f => (JsonNode)f)]),
            ["additionalProperties"] = false,
        };
        ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema), "judge_verdict");
    }

    public ChatResponseFormat? ResponseFormat { get; }

    public IReadOnlyList<string> FieldNames => _gates.Count == 0
        ? [.. _criteria.Select(c => c.Name), "rationale", "section"]
        : [.. _criteria.Select(c => c.Name), "rationale", "section", "gates"];

    /// <summary>Field name under which a gate's answer comes back: "pass", or "fail" and the failing sentence.</summary>
    public static string GateField(string gate) => $"gate:{gate}";

    public ParseResult Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = reply.Trim();
        if (text.StartsWith("```", StringComparison.Ordinal) && text.EndsWith("```", StringComparison.Ordinal) && text.Length > 6)
        {
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            text = newline < 0 ? text : text[(newline + 1)..^3].Trim();
        }

        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException ex)
        {
            return ParseResult.Failure($"the reply is not valid JSON ({ex.Message.Split(" Path:")[0].Trim()}); reply with one JSON object only");
        }

        if (obj is null)
        {
            return ParseResult.Failure("the reply must be a JSON object");
        }

        var problems = new List<string>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, _) in _criteria)
        {
            if (!obj.TryGetPropertyValue(name, out var value) || value is null || value.GetValueKind() != JsonValueKind.Number
                || !value.AsValue().TryGetValue(out int score) || score is < 1 or > 5)
            {
                problems.Add($"field \"{name}\" must be an integer from 1 to 5");
                continue;
            }

            fields[name] = score.ToString(CultureInfo.InvariantCulture);
        }

        if (obj["rationale"] is not { } rationale || rationale.GetValueKind() != JsonValueKind.String || rationale.GetValue<string>().Trim().Length == 0)
        {
            problems.Add("field \"rationale\" must be a non-empty string");
        }
        else
        {
            fields["rationale"] = rationale.GetValue<string>().Trim();
        }

        if (obj["section"] is not { } section || section.GetValueKind() != JsonValueKind.String || !_sections.Contains(section.GetValue<string>()))
        {
            problems.Add("field \"section\" must be one of the listed section ids");
        }
        else
        {
            fields["section"] = section.GetValue<string>();
        }

        if (_gates.Count > 0)
        {
            ParseGates(obj["gates"], fields, problems);
        }

        foreach (var (name, _) in obj)
        {
            if (!FieldNames.Contains(name) && name != "gates")
            {
                problems.Add($"unexpected field \"{name}\"");
            }
        }

        return problems.Count > 0 ? ParseResult.Failure(string.Join("; ", problems)) : ParseResult.Success(fields);
    }

    private void ParseGates(JsonNode? node, Dictionary<string, string> fields, List<string> problems)
    {
        if (node is not JsonObject gates)
        {
            problems.Add("field \"gates\" must be an object with one entry per gate");
            return;
        }

        foreach (var gate in _gates)
        {
            if (gates[gate.Name] is not JsonObject answer || answer["pass"] is not { } pass || pass.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add($"field \"gates.{gate.Name}.pass\" must be true or false");
                continue;
            }

            var sentence = answer["sentence"] is { } s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>().Trim() : string.Empty;
            fields[GateField(gate.Name)] = pass.GetValue<bool>() ? "pass" : "fail:" + sentence;
        }
    }
}
