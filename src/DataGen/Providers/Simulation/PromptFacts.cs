using System.Text.RegularExpressions;

namespace DataGen.Providers.Simulation;

/// <summary>
/// What the simulator reads from a prompt: labelled lines (<c>Genre: essay</c>), sentences of the quoted excerpt
/// (between <c>"""</c> lines), and the output tag the prompt asks for (<c>&lt;document&gt;</c> ... <c>&lt;/document&gt;</c>).
/// </summary>
internal sealed partial record PromptFacts
{
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required IReadOnlyList<string> ExcerptSentences { get; init; }

    public string? Tag { get; init; }

    public string Label(string name, string fallback) => Labels.TryGetValue(name, out var value) ? value : fallback;

    public static PromptFacts From(string prompt)
    {
        var labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in LabelLine().Matches(prompt))
        {
            labels.TryAdd(match.Groups["key"].Value.Trim(), match.Groups["value"].Value.Trim());
        }

        var sentences = new List<string>();
        foreach (Match block in Quoted().Matches(prompt))
        {
            sentences.AddRange(SentenceSplit().Split(block.Groups["body"].Value.Replace('\n', ' '))
                .Select(s => s.Trim())
                .Where(s => s.Length is > 40 and < 400 && s.EndsWith('.')));
        }

        string? tag = null;
        foreach (Match candidate in OpenTag().Matches(prompt))
        {
            var name = candidate.Groups["tag"].Value;
            if (prompt.Contains($"</{name}>", StringComparison.Ordinal))
            {
                tag = name;
            }
        }

        return new PromptFacts { Labels = labels, ExcerptSentences = sentences, Tag = tag };
    }

    /// <summary>Facts with nothing of the prompt in them: the basis of planted duplicates.</summary>
    public static PromptFacts Generic(string? tag) => new()
    {
        Labels = new Dictionary<string, string>(),
        ExcerptSentences = [],
        Tag = tag,
    };

    [GeneratedRegex(@"^(?<key>[A-Z][A-Za-z ]{1,30}):[ \t]*(?<value>\S[^\n]{0,200})$", RegexOptions.Multiline)]
    private static partial Regex LabelLine();

    [GeneratedRegex("\"\"\"\\s*\\n(?<body>.*?)\\n\\s*\"\"\"", RegexOptions.Singleline)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceSplit();

    [GeneratedRegex(@"<(?<tag>[a-z_]{2,30})>")]
    private static partial Regex OpenTag();
}
