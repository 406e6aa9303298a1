using System.Text.RegularExpressions;

namespace DataGen.Simulator;

/// <summary>
/// What the simulator reads from a prompt: labelled lines (<c>Genre: essay</c>), sentences of the quoted excerpt
/// (between <c>"""</c> lines), and the output tag the prompt asks for (<c>&lt;document&gt;</c> ... <c>&lt;/document&gt;</c>).
/// </summary>
internal sealed partial record PromptFacts
{
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required IReadOnlyList<string> ExcerptSentences { get; init; }

    public string? Tag { get; init; }

    /// <summary>Items under a "do not repeat" line (a list step's already generated items).</summary>
    public IReadOnlyList<string> AlreadyGenerated { get; init; } = [];

    /// <summary>Text inside each complete <c>&lt;tag&gt;...&lt;/tag&gt;</c> block of the prompt (the last one per tag).</summary>
    public IReadOnlyDictionary<string, string> Blocks { get; init; } = new Dictionary<string, string>();

    /// <summary>The sample a judge prompt shows between <c>&lt;&lt;&lt;</c> and <c>&gt;&gt;&gt;</c> lines; null for other prompts.</summary>
    public string? Sample { get; init; }

    /// <summary>True when the prompt offers the UNSUITABLE escape.</summary>
    public bool OffersUnsuitable { get; init; }

    /// <summary>The length in words the prompt asks for ("about 600 words", "Target length: 800 words"); null when it states none.</summary>
    public int? StatedWords { get; init; }

    public string Label(string name, string fallback) => Labels.TryGetValue(name, out var value) ? value : fallback;

    // Quoted excerpts are constitution sections: few distinct texts, each seen thousands of times in a large run, so
    // their sentence split is cached rather than redone per request (bounded: a cache that grows past its cap is reset).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> SentenceCache = new(StringComparer.Ordinal);

    private static string[] SentencesOf(string body)
    {
        if (SentenceCache.TryGetValue(body, out var cached))
        {
            return cached;
        }

        if (SentenceCache.Count > 4096)
        {
            SentenceCache.Clear();
        }

        var split = SentenceSplit().Split(body.Replace('\n', ' '))
            .Select(s => s.Trim())
            .Where(s => s.Length is > 40 and < 400 && s.EndsWith('.'))
            .ToArray();
        SentenceCache[body] = split;
        return split;
    }

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
            sentences.AddRange(SentencesOf(block.Groups["body"].Value));
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

        var already = new List<string>();
        var lines = prompt.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Contains("do not repeat", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            for (var j = i + 1; j < lines.Length && lines[j].TrimStart().StartsWith("- ", StringComparison.Ordinal); j++)
            {
                already.Add(lines[j].TrimStart()[2..].Trim());
            }
        }

        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match block in Block().Matches(prompt))
        {
            var body = block.Groups["body"].Value.Trim();
            if (!blocks.TryGetValue(block.Groups["tag"].Value, out var existing) || body.Length > existing.Length)
            {
                // The longest block per tag: instructions that name a tag ("inside <x> and </x>") make short false blocks.
                blocks[block.Groups["tag"].Value] = body;
            }
        }

        return new PromptFacts
        {
            Labels = labels, ExcerptSentences = sentences, Tag = tag, AlreadyGenerated = already, Blocks = blocks,
            OffersUnsuitable = prompt.Contains("UNSUITABLE", StringComparison.Ordinal),
            Sample = JudgedSample().Match(prompt) is { Success: true } sample ? sample.Groups["body"].Value : null,
            StatedWords = StatedLength().Match(prompt) is { Success: true } stated
                && int.TryParse(stated.Groups["words"].Value, System.Globalization.CultureInfo.InvariantCulture, out var words) ? words : null,
        };
    }

    /// <summary>Facts with nothing of the prompt in them but its tag and stated length: the basis of planted duplicates.</summary>
    public static PromptFacts Generic(string? tag, int? statedWords = null) => new()
    {
        Labels = new Dictionary<string, string>(),
        ExcerptSentences = [],
        Tag = tag,
        StatedWords = statedWords,
    };

    [GeneratedRegex(@"^(?<key>[A-Z][A-Za-z ]{1,30}):[ \t]*(?<value>\S[^\n]{0,200})$", RegexOptions.Multiline)]
    private static partial Regex LabelLine();

    [GeneratedRegex("\"\"\"\\s*\\n(?<body>.*?)\\n\\s*\"\"\"", RegexOptions.Singleline)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"<(?<tag>[a-z_]{2,30})>\n?(?<body>.*?)</\k<tag>>", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex(@"(?:^|\n)<<<\n(?<body>.*?)\n>>>", RegexOptions.Singleline)]
    private static partial Regex JudgedSample();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceSplit();

    [GeneratedRegex(@"(?:\babout|Target length:)\s+(?<words>\d{1,6})\s+words\b")]
    private static partial Regex StatedLength();

    [GeneratedRegex(@"<(?<tag>[a-z_]{2,30})>")]
    private static partial Regex OpenTag();
}
