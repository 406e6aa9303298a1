using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DataGen.Configuration;

namespace DataGen.Prompts;

/// <summary>
/// One prompt file: a system part and a user part with <c>{{ name }}</c> placeholders. Lines before the first
/// part marker are notes for the researcher and are never sent. Its <see cref="Id"/> (path plus a short content
/// hash) is stored on every row it produced, so edited prompts can be told apart.
/// </summary>
public sealed partial class PromptTemplate
{
    /// <summary>The line that starts the system part.</summary>
    public const string SystemMarker = "=== system ===";

    /// <summary>The line that starts the user part.</summary>
    public const string UserMarker = "=== user ===";

    private readonly IReadOnlyList<Part> _parts;

    private PromptTemplate(string name, string relativePath, string fullPath, string id, IReadOnlyList<Part> parts)
    {
        Name = name;
        RelativePath = relativePath;
        FullPath = fullPath;
        Id = id;
        _parts = parts;
        Placeholders = parts.SelectMany(p => p.Holes.Select(h => h.Name)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Template name as config refers to it, e.g. <c>documents/document</c>.</summary>
    public string Name { get; }

    /// <summary>Path under the prompts folder, with forward slashes, e.g. <c>documents/document.md</c>.</summary>
    public string RelativePath { get; }

    public string FullPath { get; }

    /// <summary><c>relative/path.md@hash8</c>: the template path plus the first 8 hex digits of its SHA-256.</summary>
    public string Id { get; }

    /// <summary>Every placeholder name the template uses.</summary>
    public IReadOnlySet<string> Placeholders { get; }

    /// <summary>Parses template text; errors name the file and line.</summary>
    public static PromptTemplate Parse(string name, string relativePath, string fullPath, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var id = $"{relativePath}@{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8]}";
        var lines = text.Split('\n');
        var problems = new List<string>();
        var parts = new List<Part>();
        string? current = null;
        var startLine = 0;
        var body = new StringBuilder();

        void Close()
        {
            if (current is null)
            {
                return;
            }

            var content = body.ToString().Trim('\n');
            if (content.Trim().Length == 0)
            {
                problems.Add($"line {startLine}: the {current} part is empty");
            }

            parts.Add(new Part(current, content, Holes(content, startLine + 1, problems)));
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line == SystemMarker || line == UserMarker)
            {
                Close();
                current = line == SystemMarker ? "system" : "user";
                if (parts.Any(p => p.Role == current))
                {
                    problems.Add($"line {i + 1}: a second {current} part; a template has at most one of each");
                }

                startLine = i + 1;
                body.Clear();
                continue;
            }

            if (current is not null)
            {
                body.Append(lines[i]).Append('\n');
            }
        }

        Close();
        if (!parts.Any(p => p.Role == "user"))
        {
            problems.Add($"no '{UserMarker}' line: a template needs a user part (and may have a '{SystemMarker}' part before it)");
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(fullPath, problems);
        }

        return new PromptTemplate(name, relativePath, fullPath, id, parts);
    }

    /// <summary>
    /// Checks that the values a step supplies match the placeholders exactly: a placeholder without a value and a
    /// value without a placeholder are both errors. Returns the problems (empty when they match).
    /// </summary>
    public IReadOnlyList<string> Check(IEnumerable<string> valueNames)
    {
        ArgumentNullException.ThrowIfNull(valueNames);
        var supplied = valueNames.ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var part in _parts)
        {
            foreach (var hole in part.Holes.Where(h => !supplied.Contains(h.Name)).DistinctBy(h => h.Name))
            {
                problems.Add($"line {hole.Line}: placeholder {{{{ {hole.Name} }}}} has no value; values available here: {Describe(supplied)}");
            }
        }

        foreach (var name in supplied.Where(n => !Placeholders.Contains(n)).Order(StringComparer.Ordinal))
        {
            problems.Add($"value '{name}' has no placeholder in this template; add {{{{ {name} }}}} where it belongs");
        }

        return problems;
    }

    /// <summary>Fills the placeholders. Throws if the values do not match the placeholders exactly.</summary>
    public RenderedPrompt Render(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var problems = Check(values.Keys);
        if (problems.Count > 0)
        {
            throw new ConfigException(FullPath, problems);
        }

        string? system = null;
        var user = string.Empty;
        foreach (var part in _parts)
        {
            var filled = Placeholder().Replace(part.Text, m => values[m.Groups["name"].Value]);
            if (part.Role == "system")
            {
                system = filled;
            }
            else
            {
                user = filled;
            }
        }

        return new RenderedPrompt { PromptId = Id, System = system, User = user };
    }

    private static List<Hole> Holes(string content, int firstLine, List<string> problems)
    {
        var holes = new List<Hole>();
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match match in Placeholder().Matches(lines[i]))
            {
                holes.Add(new Hole(match.Groups["name"].Value, firstLine + i));
            }

            // Something that looks like a placeholder but is not well formed is a typo the researcher wants to hear about.
            var stripped = Placeholder().Replace(lines[i], string.Empty);
            if (stripped.Contains("{{", StringComparison.Ordinal) || stripped.Contains("}}", StringComparison.Ordinal))
            {
                problems.Add($"line {firstLine + i}: malformed placeholder; write {{{{ name }}}} with a lower-case name of letters, digits and underscores");
            }
        }

        return holes;
    }

    private static string Describe(HashSet<string> names) =>
        names.Count == 0 ? "(none)" : string.Join(", ", names.Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\{\{\s*(?<name>[a-z][a-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();

    private sealed record Part(string Role, string Text, IReadOnlyList<Hole> Holes);

    private sealed record Hole(string Name, int Line);
}
