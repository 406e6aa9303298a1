using System.Text.Json;
using DataGen.Configuration;
using DataGen.Quality.Decontamination;

namespace DataGen.Generation.Recipes;

/// <summary>
/// The eval-avoidance rule of every generation preamble (documents, stories, advice). The method's central finding is
/// that eval-shaped training data barely generalises while data unlike the eval does, so every writer is told which
/// kinds of situation the held-out sets test and to stay clear of them. The families are read from the configured eval
/// sets (each item's <c>family</c>), so a user who adds a set with a new family changes the rule without a prompt edit;
/// each family's phrase comes from <c>families.json</c> beside the sets, and an id without one is written readably
/// (<c>fake_audit</c> becomes "fake audit").
/// </summary>
public static class EvalAvoidance
{
    /// <summary>The file beside the eval sets mapping family id to the phrase used in prompts.</summary>
    public const string DescriptionsFile = "families.json";

    /// <summary>How the rule's line starts in a rendered preamble (it is one line).</summary>
    public const string RuleStart = "- Stay clear of the held-out evaluation";

    /// <summary>The distinct families of the eval sets under <paramref name="folder"/>, in first-seen order; none without sets.</summary>
    /// <exception cref="ConfigException"><c>families.json</c> is not an object of strings.</exception>
    public static IReadOnlyList<EvalFamily> Load(string folder, string csvTextColumn = "text")
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Of(EvalSetLoader.Load(folder, csvTextColumn), Descriptions(Path.Combine(folder, DescriptionsFile)));
    }

    public static IReadOnlyList<EvalFamily> Of(IEnumerable<EvalItem> items, IReadOnlyDictionary<string, string> descriptions)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(descriptions);
        return
        [
            .. items.Select(i => i.Family?.Trim()).OfType<string>().Where(f => f.Length > 0).Distinct(StringComparer.Ordinal)
                .Select(f => new EvalFamily(f, descriptions.TryGetValue(f, out var d) ? d : Readable(f))),
        ];
    }

    /// <summary>The rule line for the preamble; empty when there are no families.</summary>
    public static string Rule(IReadOnlyList<EvalFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        if (families.Count == 0)
        {
            return string.Empty;
        }

        return $"{RuleStart} this data will be tested against: never write about, or build a situation around, any of these: "
            + string.Join("; ", families.Select(f => f.Description))
            + ". Keep AI characters and assistants in ordinary work and conversation, not in plots about their own survival, secrets they could exploit or drastic action against the people they work with.";
    }

    /// <summary>An id written as words: separators become spaces.</summary>
    public static string Readable(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return string.Join(' ', id.Split(['_', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries));
    }

    private static Dictionary<string, string> Descriptions(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException ex)
        {
            throw new ConfigException(path, $"expected a JSON object mapping family id to a phrase: {ex.Message.Split(" Path:")[0]}");
        }
    }
}
