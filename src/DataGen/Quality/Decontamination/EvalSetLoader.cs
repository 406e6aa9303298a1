using System.Text.Json;
using DataGen.Configuration;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// Reads every <c>.jsonl</c> (one object per line with string <c>id</c> and <c>text</c>) and <c>.txt</c> (one item per
/// file, id = file name) under a folder, recursively, in path order. A bad line is a <see cref="ConfigException"/>
/// naming the file and line; all problems are reported at once. A missing folder gives no items (the runner warns:
/// only reserved names are then checked), so a config copied without its eval sets still runs.
/// </summary>
public static class EvalSetLoader
{
    public static IReadOnlyList<EvalItem> Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var items = new List<EvalItem>();
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (file.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            {
                var text = File.ReadAllText(file).Trim();
                if (text.Length > 0)
                {
                    items.Add(new EvalItem(Path.GetFileNameWithoutExtension(file), text, relative));
                }
            }
            else if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                ReadJsonLines(file, relative, items, problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(folder, problems);
        }

        return items;
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
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"{relative} line {lineNumber}: expected an object with string fields \"id\" and \"text\"");
                    continue;
                }

                var family = root.TryGetProperty("family", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                items.Add(new EvalItem(id.GetString()!, text.GetString()!, relative, family));
            }
            catch (JsonException ex)
            {
                problems.Add($"{relative} line {lineNumber}: invalid JSON: {ex.Message.Split(" Path:")[0]}");
            }
        }
    }
}
