using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace DataGen.Configuration;

/// <summary>
/// JsonSchema.Net's evaluation of a config and the wording of its errors. Kept apart from
/// <see cref="PipelineConfigLoader"/> so that a config <see cref="SchemaSubsetCheck"/> proves valid never touches a
/// JsonSchema.Net type: the library builds its dialects and meta-schemas when its assembly is first used.
/// </summary>
internal static class PipelineSchemaEvaluation
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(PipelineConfigLoader.SchemaText));

    /// <summary>The problems JsonSchema.Net finds in <paramref name="node"/> against the shipped schema (empty when valid).</summary>
    public static List<string> Problems(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var result = Schema.Value.Evaluate(JsonSerializer.SerializeToElement(node), new EvaluationOptions { OutputFormat = OutputFormat.List });
        var problems = new List<string>();
        if (result.IsValid)
        {
            return problems;
        }

        foreach (var detail in result.Details ?? [])
        {
            if (detail.Errors is null || detail.IsValid)
            {
                continue;
            }

            var path = ToJsonPath(detail.InstanceLocation.ToString());
            foreach (var (keyword, message) in detail.Errors)
            {
                var text = keyword switch
                {
                    _ when message.Contains("false schema", StringComparison.Ordinal) => "unknown key (not in pipeline.schema.json)",
                    "additionalProperties" => null, // reported per key through the "false" schema
                    "$ref" or "properties" or "allOf" => null, // containers of errors already listed
                    _ => message,
                };
                if (text is not null)
                {
                    problems.Add($"{path}: {text}");
                }
            }
        }

        if (problems.Count == 0)
        {
            problems.Add("$: does not match pipeline.schema.json");
        }

        return [.. problems.Distinct(StringComparer.Ordinal)];
    }

    private static string ToJsonPath(string pointer)
    {
        if (pointer.Length == 0 || pointer == "#")
        {
            return "$";
        }

        var parts = pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        return "$" + string.Concat(parts.Select(p => int.TryParse(p, out _) ? $"[{p}]" : "." + p));
    }

}
