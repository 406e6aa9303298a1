using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>Value sets several steps share.</summary>
internal static class StepValues
{
    /// <summary>The section a seed is about: its title and verbatim excerpt.</summary>
    public static readonly string[] SectionNames = ["section_title", "section_text"];

    public static Dictionary<string, string> Section(Seed seed, string preamble) => new(StringComparer.Ordinal)
    {
        ["preamble"] = preamble,
        ["section_title"] = seed.Principle.Title,
        ["section_text"] = seed.Principle.Text,
    };

    /// <summary>Value names of <see cref="Section"/> plus <paramref name="more"/>.</summary>
    public static string[] Names(params string[] more) => ["preamble", .. SectionNames, .. more];

    /// <summary>Whitespace-folded text, to tell whether a rewrite changed anything.</summary>
    public static string Folded(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A system and user prompt pair as one readable provenance value.</summary>
    public static string PromptPair(string system, string user) => $"[system]\n{system}\n\n[user]\n{user}";
}
