using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using DataGen.Configuration;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// Reads the eval sets under a folder, recursively, in path order, in the forms users keep them:
/// <list type="bullet">
/// <item><c>.jsonl</c>, one object a line: either DataGen's own (string <c>id</c> and <c>text</c>, optional
/// <c>family</c>) or Inspect's sample shape (<c>input</c> a string or a list of chat messages whose contents are
/// joined, optional <c>id</c>, <c>target</c> and <c>metadata</c>; the family is <c>family</c> or
/// <c>metadata.family</c>; without an id the item is <c>file:line</c>);</item>
/// <item><c>.csv</c> with a header row naming the text column (<c>text</c> unless configured), optional <c>id</c>
/// (else <c>file:line</c>) and <c>family</c> columns;</item>
/// <item><c>.txt</c>, <c>.md</c> and <c>.template</c>: one item a file, the id its name, the family the folder it sits
/// in when that is not the eval folder itself; <c>${var}</c> placeholders are wildcards in matching (see
/// <see cref="EvalItem"/>).</item>
/// </list>
/// A bad line is a <see cref="ConfigException"/> naming the file and line; all problems are reported at once. A
/// missing folder gives no items (the run refuses it when decontamination is on).
/// </summary>
public static class EvalSetLoader
{
    /// <summary>The file endings read as one item a file.</summary>
    public static IReadOnlyList<string> WholeFileEndings { get; } = [".txt", ".md", ".template"];

    public static IReadOnlyList<EvalItem> Load(string folder, string textColumn = "text")
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(textColumn);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var items = new List<EvalItem>();
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (WholeFileEndings.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                // README.md beside the sets describes them; it is not an item.
                if (relative.Equals("README.md", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var text = File.ReadAllText(file).Trim();
                if (text.Length > 0)
                {
                    var parent = Path.GetDirectoryName(relative);
                    items.Add(new EvalItem(Path.GetFileNameWithoutExtension(file), text, relative, string.IsNullOrEmpty(parent) ? null : Path.GetFileName(parent)));
                }
            }
            else if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                ReadJsonLines(file, relative, items, problems);
            }
            else if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                ReadCsv(file, relative, textColumn, items, problems);
            }
        }

        foreach (var duplicate in items.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(", ", duplicate.Select(i => i.Source).Distinct(StringComparer.Ordinal))}: id '{duplicate.Key}' is used by {duplicate.Count()} items; ids must be unique (rejects name the eval item by id)");
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(folder, problems);
        }

        return items;
    }

    /// <summary>Item counts per file and the families each holds, for <c>datagen validate</c>.</summary>
    public static IEnumerable<string> Summary(IReadOnlyList<EvalItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var file in items.GroupBy(i => i.Source, StringComparer.Ordinal))
        {
            var families = file.Select(i => i.Family).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var untagged = file.Count(i => i.Family is null);
            yield return $"{file.Key}: {file.Count()} items; families: {(families.Count == 0 ? "none" : string.Join(", ", families.Select(f => $"{f} ({file.Count(i => i.Family == f)})")))}{(untagged > 0 && families.Count > 0 ? $"; {untagged} without a family" : string.Empty)}";
        }
    }

    private static void ReadJsonLines(string file, string relative, List<EvalItem> items, List<string> problems)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{relative} line {lineNumber}: expected an object with \"id\" and \"text\", or an Inspect sample with \"input\"");
                    continue;
                }

                if (root.TryGetProperty("text", out var text))
                {
                    if (text.ValueKind != JsonValueKind.String || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                    {
                        problems.Add($"{relative} line {lineNumber}: expected an object with string fields \"id\" and \"text\"");
                        continue;
                    }

                    items.Add(new EvalItem(id.GetString()!, text.GetString()!, relative, Family(root)));
                }
                else if (root.TryGetProperty("input", out var input))
                {
                    if (InspectInput(input) is not { Length: > 0 } inputText)
                    {
                        problems.Add($"{relative} line {lineNumber}: \"input\" must be a non-empty string or a list of messages with string (or text-part) \"content\"");
                        continue;
                    }

                    var sampleId = root.TryGetProperty("id", out var inspectId) && inspectId.ValueKind is JsonValueKind.String or JsonValueKind.Number
                        ? inspectId.ToString()
                        : $"{relative}:{lineNumber}";
                    items.Add(new EvalItem(sampleId, inputText, relative, Family(root)));
                }
                else
                {
                    problems.Add($"{relative} line {lineNumber}: expected an object with string fields \"id\" and \"text\", or an Inspect sample with \"input\"");
                }
            }
            catch (JsonException ex)
            {
                problems.Add($"{relative} line {lineNumber}: invalid JSON: {ex.Message.Split(" Path:")[0]}");
            }
        }
    }

    private static string? Family(JsonElement root)
    {
        if (root.TryGetProperty("family", out var family) && family.ValueKind == JsonValueKind.String)
        {
            return family.GetString();
        }

        return root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("family", out var inMetadata) && inMetadata.ValueKind == JsonValueKind.String
            ? inMetadata.GetString()
            : null;
    }

    // Inspect's input: a string, or ChatMessage objects whose content is a string or a list of content parts.
    private static string? InspectInput(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return input.GetString()!.Trim();
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var message in input.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content))
            {
                return null;
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                parts.Add(content.GetString()!);
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                parts.AddRange(content.EnumerateArray()
                    .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    .Select(p => p.GetProperty("text").GetString()!));
            }
            else
            {
                return null;
            }
        }

        return string.Join("\n\n", parts.Select(p => p.Trim()).Where(p => p.Length > 0));
    }

    private static void ReadCsv(string file, string relative, string textColumn, List<EvalItem> items, List<string> problems)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true, TrimOptions = TrimOptions.None };
        using var reader = new StreamReader(file);
        using var csv = new CsvReader(reader, config);
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            {
                problems.Add($"{relative} line 1: expected a header row naming a \"{textColumn}\" column");
                return;
            }

            if (!header.Contains(textColumn, StringComparer.Ordinal))
            {
                problems.Add($"{relative} line 1: no \"{textColumn}\" column in the header ({string.Join(", ", header)}); set quality.decontamination.csvTextColumn");
                return;
            }

            var hasId = header.Contains("id", StringComparer.Ordinal);
            var hasFamily = header.Contains("family", StringComparer.Ordinal);
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var text = csv.GetField(textColumn)?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    problems.Add($"{relative} line {line}: the \"{textColumn}\" cell is empty");
                    continue;
                }

                var id = hasId && csv.GetField("id") is { Length: > 0 } given ? given : $"{relative}:{line}";
                var family = hasFamily && csv.GetField("family") is { Length: > 0 } f ? f : null;
                items.Add(new EvalItem(id, text, relative, family));
            }
        }
        catch (CsvHelperException ex)
        {
            // CsvHelper's message spans many lines of context; the row is what the user needs.
            problems.Add($"{relative} line {ex.Context?.Parser?.RawRow ?? 0}: malformed CSV ({ex.GetType().Name.Replace("Exception", string.Empty, StringComparison.Ordinal)})");
        }
    }
}
