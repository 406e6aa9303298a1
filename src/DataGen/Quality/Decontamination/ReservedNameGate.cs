using System.Text.RegularExpressions;
using DataGen.Configuration;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// Finds the evals' reserved names (whole words, case-insensitive) and, under the <c>replace</c> policy, swaps each for
/// its configured replacement, the same one every time so a story stays consistent.
/// </summary>
public sealed class ReservedNameGate
{
    private readonly Regex? _pattern;
    private readonly Dictionary<string, string> _replacements = new(StringComparer.OrdinalIgnoreCase);

    public ReservedNameGate(DecontaminationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Policy = options.ReservedNames;
        var names = options.ReservedNameList.Where(n => n.Trim().Length > 0).ToList();
        if (names.Count == 0 || Policy == ReservedNamePolicies.Off)
        {
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            _replacements[names[i]] = options.Replacements[i % options.Replacements.Count];
        }

        // Longest first, so "Kyle Johnson" wins over a shorter name inside it.
        var alternatives = names.OrderByDescending(n => n.Length).Select(Regex.Escape);
        _pattern = new Regex($@"\b(?:{string.Join('|', alternatives)})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    }

    public string Policy { get; }

    /// <summary>Reserved names found in the text, distinct, in order of appearance.</summary>
    public IReadOnlyList<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _pattern is null ? [] : [.. _pattern.Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The text with every reserved name replaced.</summary>
    public string Replace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _pattern is null ? text : _pattern.Replace(text, m => _replacements[m.Value]);
    }

    public string ReplacementFor(string name) => _replacements[name];
}
