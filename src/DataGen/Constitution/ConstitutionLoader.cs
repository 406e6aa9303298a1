using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DataGen.Configuration;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DataGen.Constitution;

/// <summary>
/// Splits a Markdown constitution into principles. Every leaf section (a heading with no sub-headings) is one
/// principle; its id is the slugged heading path, so reordering sections never changes an id. A lone top-level
/// heading at the start is the document title and not part of the ids. A file without headings is one principle.
/// Passages between <c>&lt;!-- excise: reason --&gt;</c> and <c>&lt;!-- /excise --&gt;</c> are removed from every
/// text a prompt sees and listed in <see cref="ConstitutionDocument.Excisions"/>; an unclosed marker is an error, and a passage must lie within one section.
/// </summary>
public static partial class ConstitutionLoader
{

    /// <summary>Loads and sections the file; <paramref name="persona"/> fills placeholders such as <c>{model_name}</c>.</summary>
    /// <exception cref="ConfigException">The file is missing, empty, not UTF-8, or has two sections with the same path.</exception>
    public static ConstitutionDocument Load(string path, IReadOnlyDictionary<string, string>? persona = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException(path, "constitution file not found");
        }

        var (text, bytes) = InputFile.Read(path, "the constitution");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigException(path, "the constitution is empty");
        }

        return Parse(path, text, Convert.ToHexStringLower(SHA256.HashData(bytes)), persona ?? new Dictionary<string, string>());
    }

    internal static ConstitutionDocument Parse(string path, string text, string sha256, IReadOnlyDictionary<string, string> persona)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var excisions = Excisions(path, text, persona);
        return Sections(path, text, sha256, persona) with { Excisions = excisions };
    }

    private static List<Excision> Excisions(string path, string text, IReadOnlyDictionary<string, string> persona)
    {
        var excisions = new List<Excision>();
        foreach (Match match in ExcisedPassage().Matches(text))
        {
            var line = text.AsSpan(0, match.Index).Count('\n') + 1;
            if (HeadingLine().IsMatch(match.Groups["body"].Value))
            {
                throw new ConfigException(path, $"line {line}: an excised passage must lie within one section; close it before the next heading");
            }

            excisions.Add(new Excision(line, match.Groups["reason"].Value.Trim(), Fill(match.Groups["body"].Value.Trim(), persona)));
        }

        var opens = ExciseOpen().Count(text);
        if (opens != excisions.Count || ExciseClose().Count(text) != excisions.Count)
        {
            throw new ConfigException(path, "an <!-- excise --> marker has no matching <!-- /excise --> (or the reverse); excisions cannot nest");
        }

        return excisions;
    }

    /// <summary>The text with every excised passage removed (markers included).</summary>
    private static string WithoutExcisions(string text) => ExcisedPassage().Replace(text, string.Empty);

    private static ConstitutionDocument Sections(string path, string text, string sha256, IReadOnlyDictionary<string, string> persona)
    {
        var document = Markdown.Parse(text, new MarkdownPipelineBuilder().Build());
        var headings = document.Descendants<HeadingBlock>().ToList();
        var fileTitle = Path.GetFileNameWithoutExtension(path);

        if (headings.Count == 0)
        {
            var body = Fill(WithoutExcisions(text).Trim(), persona);
            return new ConstitutionDocument
            {
                SourcePath = path,
                Title = fileTitle,
                Sha256 = sha256,
                FullText = body,
                Principles = [new Principle { Id = Slug(fileTitle), Title = fileTitle, HeadingPath = [fileTitle], Text = body, Line = 0 }],
            };
        }

        // A single H1 that opens the document names it; every other heading is part of a path.
        var first = headings[0];
        var titleHeading = first.Level == 1 && headings.Count(h => h.Level == 1) == 1 ? first : null;
        var title = titleHeading is null ? fileTitle : InlineText(titleHeading);

        var principles = new List<Principle>();
        var problems = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<(int Level, string Title)>();
        for (var i = 0; i < headings.Count; i++)
        {
            var heading = headings[i];
            if (heading == titleHeading)
            {
                continue;
            }

            var headingTitle = InlineText(heading);
            while (stack.Count > 0 && stack[^1].Level >= heading.Level)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            stack.Add((heading.Level, headingTitle));
            var next = i + 1 < headings.Count ? headings[i + 1] : null;
            var isLeaf = next is null || next.Level <= heading.Level;
            if (!isLeaf)
            {
                continue;
            }

            var start = heading.Span.End + 1;
            var end = next?.Span.Start ?? text.Length;
            var body = start < end ? WithoutExcisions(text[start..end]).Trim() : string.Empty;
            var headingPath = stack.Select(s => s.Title).ToList();
            var id = string.Join('/', headingPath.Select(Slug));
            var line = heading.Line + 1;
            if (seen.TryGetValue(id, out var firstLine))
            {
                problems.Add($"line {line}: heading path '{string.Join(" > ", headingPath)}' repeats the section at line {firstLine}; principle ids come from heading paths, so rename one");
                continue;
            }

            seen[id] = line;
            if (body.Length == 0)
            {
                problems.Add($"line {line}: section '{headingTitle}' has no text");
                continue;
            }

            principles.Add(new Principle { Id = id, Title = headingTitle, HeadingPath = headingPath, Text = Fill(body, persona), Line = line });
        }

        if (problems.Count == 0 && principles.Count == 0)
        {
            problems.Add("no principles: the file has only a title heading; add at least one section (## Heading) with text under it");
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(path, problems);
        }

        return new ConstitutionDocument
        {
            SourcePath = path,
            Title = Fill(title, persona),
            Sha256 = sha256,
            FullText = Fill(WithoutExcisions(text).Trim(), persona),
            Principles = principles,
        };
    }

    /// <summary>
    /// Lower-case slug: letters and digits kept, everything else folded into single dashes. Latin ids stay plain ASCII
    /// as before (an accented Latin letter is a dash, so existing ids never change); letters of other scripts
    /// (Cyrillic, CJK, Devanagari, ...) are kept with their marks, so non-Latin sibling headings get distinct, readable,
    /// stable ids instead of all becoming <c>section</c>.
    /// </summary>
    public static string Slug(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var normalized = heading.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        var previousKeptNonAscii = false;
        foreach (var c in normalized)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                // A Latin letter's accent goes; a mark of another script is part of its letter.
                if (previousKeptNonAscii)
                {
                    sb.Append(c);
                }

                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                previousKeptNonAscii = false;
            }
            else if (char.IsLetterOrDigit(c) && !IsLatin(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                previousKeptNonAscii = true;
            }
            else
            {
                sb.Append('-');
                previousKeptNonAscii = false;
            }
        }

        var slug = DashRun().Replace(sb.ToString().Normalize(NormalizationForm.FormC), "-").Trim('-');
        return slug.Length == 0 ? "section" : slug;
    }

    // Latin letters beyond ASCII that FormD does not decompose (ø, ß, ł, æ): folded to a dash as before, so existing
    // Latin ids do not change.
    private static bool IsLatin(char c) => c is >= '\u00C0' and <= '\u024F' or >= '\u1E00' and <= '\u1EFF';

    private static string Fill(string text, IReadOnlyDictionary<string, string> persona)
    {
        foreach (var (key, value) in persona)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    private static string InlineText(HeadingBlock heading)
    {
        if (heading.Inline is null)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var inline in heading.Inline.Descendants())
        {
            switch (inline)
            {
                case LiteralInline literal:
                    sb.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    sb.Append(code.Content);
                    break;
            }
        }

        return sb.ToString().Trim();
    }

    [GeneratedRegex("-{2,}")]
    private static partial Regex DashRun();

    [GeneratedRegex(@"<!--\s*excise\b:?(?<reason>[^>]*?)-->(?<body>.*?)<!--\s*/excise\s*-->\n?", RegexOptions.Singleline)]
    private static partial Regex ExcisedPassage();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s", RegexOptions.Multiline)]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"<!--\s*excise\b")]
    private static partial Regex ExciseOpen();

    [GeneratedRegex(@"<!--\s*/excise\s*-->")]
    private static partial Regex ExciseClose();
}
