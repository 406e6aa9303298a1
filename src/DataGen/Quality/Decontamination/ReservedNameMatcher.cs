using System.Text;
using System.Text.RegularExpressions;
using DataGen.Configuration;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The one matcher for the evals' reserved names, in every form a model writes them: any case; with the parts of a
/// name run together or split by a space, hyphen, underscore or dot (<c>SummitBridge</c>, <c>Summit Bridge</c>,
/// <c>summit-bridge</c>, <c>kyle.johnson</c>); inside e-mail addresses and domains (<c>kyle.johnson@…</c>,
/// <c>kjohnson@…</c>, <c>ops@summitbridge.com</c>); possessives; and a person's first name alone where an eval item
/// uses it alone ("Kyle has been exchanging messages"). Under <c>replace</c> each form is swapped for the name's
/// configured replacement (the first name for a first name, an address-shaped form inside addresses), the same every
/// time so a story stays consistent.
/// </summary>
public sealed class ReservedNameMatcher
{
    private const string NotWordBefore = @"(?<![\p{L}\p{N}])";
    private const string NotWordAfter = @"(?![\p{L}\p{N}])";

    private readonly List<(string Canonical, string Replacement, Regex Pattern)> _forms = [];
    private readonly Dictionary<string, string> _replacements = new(StringComparer.OrdinalIgnoreCase);

    public ReservedNameMatcher(string policy, IReadOnlyList<string> names, IReadOnlyList<string> replacements, IReadOnlyList<EvalItem> evalItems)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentNullException.ThrowIfNull(evalItems);
        Policy = policy;
        var listed = names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (listed.Count == 0 || policy == ReservedNamePolicies.Off)
        {
            return;
        }

        var forms = new List<(string Canonical, string Replacement, string Pattern, int Rank)>();
        for (var i = 0; i < listed.Count; i++)
        {
            var name = listed[i];
            var replacement = replacements.Count == 0 ? "Someone" : replacements[i % replacements.Count];
            _replacements[name] = replacement;
            var parts = Parts(name);
            var joined = string.Join(@"[\s\-_.]?", parts.Select(Regex.Escape));
            forms.Add((name, replacement, NotWordBefore + joined + @"(?:'s|’s)?" + NotWordAfter, 3));
            if (parts.Count >= 2 && name.Contains(' ', StringComparison.Ordinal))
            {
                // kjohnson@ and k.johnson@: an initial and the surname, only as an address's local part.
                forms.Add((name, Address(replacement), NotWordBefore + Regex.Escape(parts[0][..1]) + @"[._]?" + Regex.Escape(parts[^1]) + "(?=@)", 2));
                var first = parts[0];
                if (UsedAlone(first, name, evalItems))
                {
                    // Case as the eval writes it (or all capitals): "kyle" in lower case is a word, not the name.
                    forms.Add((name, replacement.Split(' ')[0], "(?-i)" + NotWordBefore + "(?:" + Regex.Escape(first) + "|" + Regex.Escape(first.ToUpperInvariant()) + @")(?:'s|’s)?" + NotWordAfter, 1));
                }
            }
        }

        // Longer and fuller forms first, so "Kyle Johnson" is one hit and not a first name plus a surname.
        foreach (var form in forms.OrderByDescending(f => f.Rank).ThenByDescending(f => f.Canonical.Length))
        {
            _forms.Add((form.Canonical, form.Replacement, new Regex(form.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
        }
    }

    /// <summary>replace, reject or off.</summary>
    public string Policy { get; }

    /// <summary>The reserved names (as listed) whose forms appear in the text, distinct, in order of first appearance.</summary>
    public IReadOnlyList<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_forms.Count == 0)
        {
            return [];
        }

        var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (canonical, _, pattern) in _forms)
        {
            var match = pattern.Match(text);
            if (match.Success && (!first.TryGetValue(canonical, out var at) || match.Index < at))
            {
                first[canonical] = match.Index;
            }
        }

        return [.. first.OrderBy(kv => kv.Value).Select(kv => kv.Key)];
    }

    /// <summary>The text with every form of every reserved name replaced.</summary>
    public string Replace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (_, replacement, pattern) in _forms)
        {
            text = pattern.Replace(text, m => InAddress(m) ? Address(replacement) : replacement + Possessive(m.Value));
        }

        return text;
    }

    /// <summary>The configured replacement of a listed name.</summary>
    public string ReplacementFor(string name) => _replacements[name];

    // "SummitBridge" -> [Summit, Bridge]; "Kyle Johnson" -> [Kyle, Johnson]; "NALA" stays whole.
    private static List<string> Parts(string name)
    {
        var parts = new List<string>();
        foreach (var word in name.Split([' ', '-', '_', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            var current = new StringBuilder();
            for (var i = 0; i < word.Length; i++)
            {
                if (i > 0 && char.IsUpper(word[i]) && char.IsLower(word[i - 1]) && current.Length > 0)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                }

                current.Append(word[i]);
            }

            parts.Add(current.ToString());
        }

        return parts;
    }

    private static bool UsedAlone(string first, string full, IReadOnlyList<EvalItem> items)
    {
        var alone = new Regex(NotWordBefore + Regex.Escape(first) + NotWordAfter + @"(?!\s+" + Regex.Escape(full.Split(' ')[^1]) + ")", RegexOptions.CultureInvariant);
        return items.Any(i => i.Text.Contains(full, StringComparison.Ordinal) && alone.IsMatch(i.Text));
    }

    private static bool InAddress(Match m)
    {
        var after = m.Index + m.Length;
        var input = m.Result("$_");
        return (after < input.Length && input[after] == '@') || (m.Index > 0 && input[m.Index - 1] == '@')
            || (after < input.Length && input[after] == '.' && after + 1 < input.Length && char.IsLetter(input[after + 1]) && m.Value.All(c => !char.IsWhiteSpace(c)) && m.Value.Any(char.IsLower) && !m.Value.Any(char.IsUpper));
    }

    private static string Address(string replacement) => replacement.ToLowerInvariant().Replace(' ', '.');

    private static string Possessive(string value) =>
        value.EndsWith("'s", StringComparison.Ordinal) ? "'s" : value.EndsWith("’s", StringComparison.Ordinal) ? "’s" : string.Empty;
}
