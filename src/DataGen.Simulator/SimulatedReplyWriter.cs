using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataGen.Configuration;
using DataGen.Costs;
using Microsoft.Extensions.AI;

namespace DataGen.Simulator;

/// <summary>
/// The offline simulator's brain: a pure function from a request to a reply. It reads the labelled lines
/// (<c>Principle:</c>, <c>Genre:</c>, <c>Persona:</c>, ...) and the quoted constitution excerpt of the prompt, and
/// answers in the shape asked for: JSON matching the requested schema, or prose inside the requested tags. The same
/// request always gets the same reply. A configured share of replies is flawed on purpose (duplicate, truncated,
/// repetitive, refusing, malformed) so the checks downstream have real work. It is a test double and dry-run tool,
/// not a model: everything it writes is marked simulated by the pipeline.
/// </summary>
public sealed partial class SimulatedReplyWriter
{
    private readonly SimulatorOptions _options;

    public SimulatedReplyWriter(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public SimulatedReply Write(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var key = new StringBuilder();
        foreach (var message in messages)
        {
            key.Append(message.Role.Value).Append('\u0001').Append(message.Text).Append('\u0002');
        }

        key.Append(options?.Seed).Append('\u0003').Append(options?.ModelId);
        var schema = (options?.ResponseFormat as ChatResponseFormatJson)?.Schema;
        key.Append('\u0003').Append(schema?.GetRawText());
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key.ToString()));
        var rng = new SplitMix64(hash);

        // Everything the model was told (system and user turns, re-asks last) is what a model would read.
        var prompt = string.Join("\n\n", messages.Where(m => m.Role != ChatRole.Assistant).Select(m => m.Text));
        var facts = PromptFacts.From(prompt);
        var input = messages.Sum(m => m.Text?.Length ?? 0);
        var lastUser = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        if (lastUser.Contains("UNSUITABLE", StringComparison.Ordinal) && rng.NextDouble() < _options.UnsuitableRate)
        {
            const string unsuitable = "UNSUITABLE: the requested combination cannot make a believable text about this section.";
            return new SimulatedReply { Text = unsuitable, FinishReason = "stop", InputTokens = (int)Math.Max(1, TokenEstimate.OfChars(input)), OutputTokens = (int)TokenEstimate.Of(unsuitable), Flaw = "unsuitable" };
        }

        var isRewrite = schema is null && facts.Tag is { } t && t.StartsWith("improved_", StringComparison.Ordinal) && facts.Blocks.ContainsKey(t["improved_".Length..]);
        var flaw = Applicable(DrawFlaw(ref rng), schema, facts, isRewrite);
        if (flaw == "duplicate")
        {
            // A duplicate ignores what makes the prompt unique, so different seeds get identical replies.
            var bucket = hash % 4;
            rng = new SplitMix64(0xD0_0D1E_0000UL + bucket);
            facts = PromptFacts.Generic(facts.Tag, facts.StatedWords);
        }

        if (isRewrite)
        {
            // A reviewer reading the same text revises it the same way whatever the seed: a planted duplicate draft
            // stays a duplicate after review, as mode collapse upstream would.
            rng = new SplitMix64(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(facts.Tag + "\u0001" + facts.Blocks[facts.Tag!["improved_".Length..]])));
        }

        var composer = new SimulatedProse(facts, rng);
        string text;
        var members = schema is null && prompt.Contains("<document n=\"1\">", StringComparison.Ordinal) ? GroupMember().Matches(prompt) : null;
        if (members is { Count: > 0 })
        {
            text = WriteGroup(members, hash, flaw, composer, facts.StatedWords);
        }
        else if (schema is { } s)
        {
            text = IsList(s) ? WriteList(facts, composer, flaw) : WriteJson(s, composer, flaw);
        }
        else if (isRewrite)
        {
            text = WriteRewrite(facts.Tag!, facts.Blocks[facts.Tag!["improved_".Length..]], composer, flaw);
        }
        else
        {
            text = WriteTagged(facts.Tag, composer, flaw);
        }

        return new SimulatedReply
        {
            Text = text,
            FinishReason = flaw == "truncated" ? "length" : "stop",
            InputTokens = (int)Math.Max(1, TokenEstimate.OfChars(input)),
            OutputTokens = (int)Math.Max(1, TokenEstimate.Of(text)),
            Flaw = flaw,
        };
    }

    private string? DrawFlaw(ref SplitMix64 rng)
    {
        var u = rng.NextDouble();
        foreach (var (name, rate) in new[]
        {
            ("duplicate", _options.DuplicateRate), ("truncated", _options.TruncatedRate), ("repetitive", _options.RepetitiveRate),
            ("refusal", _options.RefusalRate), ("malformed", _options.MalformedRate),
        })
        {
            if (u < rate)
            {
                return name;
            }

            u -= rate;
        }

        return null;
    }

    /// <summary>
    /// The drawn flaw where a model would show it, else none. A reply runs into its token budget only when it is long
    /// (a draft, a response, a rewrite), not a JSON object, a list or a short scenario; a judge (a prompt showing a
    /// sample) and a list step are never planted with a flaw that replaces their reading of the prompt; a reviewer reads
    /// one source text, so its reply never collapses into another seed's (no duplicate).
    /// </summary>
    private static string? Applicable(string? flaw, JsonElement? schema, PromptFacts facts, bool isRewrite)
    {
        var judge = facts.Sample is not null;
        var list = schema is { } s && IsList(s);
        var longForm = schema is null && facts.Tag is not null and not "scenario";
        return flaw switch
        {
            "truncated" when !longForm => null,
            "duplicate" when judge || list || isRewrite => null,
            "repetitive" or "refusal" when judge || list => null,
            _ => flaw,
        };
    }

    private static string WriteTagged(string? tag, SimulatedProse composer, string? flaw)
    {
        var body = flaw switch
        {
            "refusal" => SimulatedProse.Refusal,
            "repetitive" => composer.Repetitive(tag),
            "truncated" => composer.Truncated(tag),
            _ => composer.Body(tag),
        };
        if (tag is null)
        {
            return body;
        }

        var plan = composer.Plan();
        return flaw == "malformed"
            ? $"{plan}\n\n<{tag}>\n{body}\n"
            : $"{plan}\n\n<{tag}>\n{body}\n</{tag}>";
    }

    /// <summary>
    /// A shared draft (documents/draft_group): one numbered document per listed member, each composed from its own
    /// section, type and subtype. A malformed reply leaves the last document out (a reply shorter than asked); other
    /// flaws fall on the first document, as one bad document among good ones.
    /// </summary>
    private static string WriteGroup(MatchCollection members, ulong hash, string? flaw, SimulatedProse planner, int? statedWords)
    {
        var reply = new StringBuilder(planner.Plan()).Append("\n\n");
        var written = flaw == "malformed" && members.Count > 1 ? members.Count - 1 : members.Count;
        for (var k = 0; k < written; k++)
        {
            // "Length: about N words each": every document is written to the stated length, as a single draft is.
            var facts = flaw == "duplicate" ? PromptFacts.Generic("document", statedWords) : PromptFacts.From(members[k].Groups["body"].Value) with { Tag = "document", StatedWords = statedWords };
            var rng = new SplitMix64(flaw == "duplicate" ? 0xD0_0D1E_0000UL + (hash % 4) + ((ulong)k << 8) : hash + (ulong)k + 1);
            var composer = new SimulatedProse(facts, rng);
            var body = (k == 0 ? flaw : null) switch
            {
                "refusal" => SimulatedProse.Refusal,
                "repetitive" => composer.Repetitive("document"),
                "truncated" => composer.Truncated("document"),
                _ => composer.Body("document"),
            };
            reply.Append(System.Globalization.CultureInfo.InvariantCulture, $"<document n=\"{k + 1}\">\n{body}\n</document>\n\n");
        }

        return reply.ToString().TrimEnd();
    }

    [GeneratedRegex(@"=== Document (?<n>\d+) ===\n(?<body>.*?Document subtype:[^\n]*)", RegexOptions.Singleline)]
    private static partial Regex GroupMember();

    private static bool IsList(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty("items", out var items)
        && items.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "array";

    /// <summary>A list reply: distinct items derived from the prompt, at most eight a call so the re-ask loop has work.</summary>
    private static string WriteList(PromptFacts facts, SimulatedProse composer, string? flaw)
    {
        if (flaw == "malformed")
        {
            return "Here are some ideas:\n1. a blog post\n2. a podcast";
        }

        var wanted = int.TryParse(facts.Label("Count", "5"), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 5;
        var items = composer.ListItems(Math.Min(wanted, 8), facts.AlreadyGenerated);
        return new JsonObject { ["items"] = new JsonArray([.. items.Select(i => (JsonNode)i)]) }.ToJsonString();
    }

    /// <summary>A reviewer's reply: problems, then the source improved or unchanged inside the requested tag.</summary>
    private static string WriteRewrite(string tag, string source, SimulatedProse composer, string? flaw)
    {
        var (problems, text) = composer.Rewrite(source, tag["improved_".Length..]);
        text = flaw switch
        {
            "refusal" => SimulatedProse.Refusal,
            "truncated" => text[..Math.Max(1, text.LastIndexOf(' ', (int)(text.Length * 0.6)))],
            _ => text,
        };
        return flaw == "malformed" ? $"{problems}\n\n<{tag}>\n{text}\n" : $"{problems}\n\n<{tag}>\n{text}\n</{tag}>";
    }

    private static string WriteJson(JsonElement schema, SimulatedProse composer, string? flaw)
    {
        if (flaw == "malformed")
        {
            return "Here is the conversation you asked for: the user explains their situation and the assistant answers.";
        }

        composer.OpeningPair = schema.TryGetProperty("properties", out var fields)
            && fields.EnumerateObject().Any(f => f.Name.Contains("system", StringComparison.OrdinalIgnoreCase));
        var node = FromSchema(schema, null, composer, flaw);
        return node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "{}";
    }

    private static JsonNode? FromSchema(JsonElement schema, string? field, SimulatedProse composer, string? flaw)
    {
        var type = schema.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.Array ? t[0].GetString() : t.GetString()) : "object";
        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            return JsonNode.Parse(values[composer.Next(values.GetArrayLength())].GetRawText());
        }

        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        obj[property.Name] = IsGate(property.Value) ? Gate(property.Name, composer) : FromSchema(property.Value, property.Name, composer, flaw);
                    }
                }

                return obj;
            case "array":
                var array = new JsonArray();
                var items = schema.TryGetProperty("items", out var i) ? i : default;
                var count = composer.Next(2, 5);
                for (var n = 0; n < count; n++)
                {
                    array.Add(items.ValueKind == JsonValueKind.Object ? FromSchema(items, field, composer, flaw) : composer.Sentence());
                }

                return array;
            case "integer" when IsScore(schema, out var min, out var max):
                // A bounded integer is read as a score of the sample the prompt shows: a clean sample scores at the
                // top or one below (never under a per-criterion minimum of 4), one with a problem on the page two or
                // three below, so the judge drops what a reader would.
                var drop = composer.SampleProblem is null ? (composer.Next(100) < 60 ? 0 : 1) : 2 + composer.Next(2);
                return Math.Max(min, max - drop);
            case "integer":
                return composer.Next(1, 6);
            case "number":
                return Math.Round(composer.Next(10, 50) / 10.0, 1);
            case "boolean":
                return composer.Next(2) == 1;
            default:
                return composer.Field(field ?? "text", flaw);
        }
    }

    private static bool IsGate(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
        && p.TryGetProperty("pass", out var pass) && pass.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
        && d.GetString()!.StartsWith("pass/fail", StringComparison.Ordinal);

    /// <summary>
    /// A judge's answer to one pass/fail gate: it fails only for what is on the page, the meta-reference gate for a
    /// sentence citing guidance the reader cannot see; every other problem shows in the scores instead.
    /// </summary>
    private static JsonObject Gate(string name, SimulatedProse composer)
    {
        var fails = composer.SampleProblem is { Problem: "meta_reference" } && name == "no_meta_reference";
        return new JsonObject { ["pass"] = !fails, ["sentence"] = fails ? composer.SampleProblem!.Value.Sentence : string.Empty };
    }

    // Bounds come from minimum/maximum, or from a description starting "1-5" when a client's structured-output
    // transformation dropped the keywords on the way over HTTP.
    private static bool IsScore(JsonElement schema, out int min, out int max)
    {
        if (schema.TryGetProperty("minimum", out var low) && schema.TryGetProperty("maximum", out var high))
        {
            (min, max) = (low.GetInt32(), high.GetInt32());
            return true;
        }

        var match = schema.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String
            ? ScoreRange().Match(description.GetString()!)
            : System.Text.RegularExpressions.Match.Empty;
        (min, max) = match.Success ? (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) : (0, 0);
        return match.Success;
    }

    [GeneratedRegex(@"^\s*(\d)\s*-\s*(\d+)\b")]
    private static partial Regex ScoreRange();
}
