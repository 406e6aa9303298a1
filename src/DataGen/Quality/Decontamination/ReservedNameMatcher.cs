using System.Buffers;
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
/// time so a story stays consistent. Name hygiene on the generation side uses the same matcher (built by
/// <see cref="For"/> from the one list, <c>quality.decontamination.reservedNameList</c>) with its own replacements
/// (<see cref="Replace(string, string, string)"/>), so a form one side catches the other catches too.
/// </summary>
public sealed class ReservedNameMatcher
{
    private const string NotWordBefore = @"(?<![\p{L}\p{N}])";
    private const string NotWordAfter = @"(?![\p{L}\p{N}])";

    private readonly List<(string Canonical, string Replacement, FormKind Kind, Regex Pattern)> _forms = [];
    private readonly Dictionary<string, string> _replacements = new(StringComparer.OrdinalIgnoreCase);

    // Every form holds one part of its name as written ("Sentinel" of "Star-Sentinel", "johnson" of "kjohnson@",
    // "Kyle" alone), so a text holding none of those parts in any case, nearly every text, holds no form: one
    // vectorised scan settles it, where the forms' own regexes were one scan each (about 40 for the shipped list; 0.8 ms
    // of client CPU per sample in `bench`). A full form's clue is its longest part ("Star" is in every "start"). The
    // regexes also fold the Kelvin sign to k and the long s to s, which an ordinal comparison does not, so a text with
    // either goes to the regexes.
    private readonly SearchValues<string> _parts = SearchValues.Create([], StringComparison.OrdinalIgnoreCase);

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

        var forms = new List<(string Canonical, string Replacement, FormKind Kind, string Pattern)>();
        var literals = new List<string>(); // one part each form holds as written
        for (var i = 0; i < listed.Count; i++)
        {
            var name = listed[i];
            var replacement = replacements.Count == 0 ? "Someone" : replacements[i % replacements.Count];
            _replacements[name] = replacement;
            var parts = Parts(name);
            var joined = string.Join(@"[\s\-_.]?", parts.Select(Regex.Escape));
            forms.Add((name, replacement, FormKind.Full, NotWordBefore + joined + @"(?:'s|’s)?" + NotWordAfter));
            literals.Add(parts.MaxBy(p => p.Length)!); // the full form holds every part: the longest is the rarest clue
            if (parts.Count >= 2 && name.Contains(' ', StringComparison.Ordinal))
            {
                // kjohnson@ and k.johnson@: an initial and the surname, only as an address's local part.
                literals.Add(parts[^1]);
                forms.Add((name, Address(replacement), FormKind.InitialAndSurname, NotWordBefore + Regex.Escape(parts[0][..1]) + @"[._]?" + Regex.Escape(parts[^1]) + "(?=@)"));
                var first = parts[0];
                if (UsedAlone(first, name, evalItems))
                {
                    // Case as the eval writes it (or all capitals): "kyle" in lower case is a word, not the name.
                    literals.Add(first);
                    forms.Add((name, FirstName(replacement), FormKind.FirstName, "(?-i)" + NotWordBefore + "(?:" + Regex.Escape(first) + "|" + Regex.Escape(first.ToUpperInvariant()) + @")(?:'s|’s)?" + NotWordAfter));
                }
            }
        }

        _parts = SearchValues.Create([.. literals.Distinct(StringComparer.OrdinalIgnoreCase)], StringComparison.OrdinalIgnoreCase);

        // Longer and fuller forms first, so "Kyle Johnson" is one hit and not a first name plus a surname.
        foreach (var form in forms.OrderBy(f => f.Kind).ThenByDescending(f => f.Canonical.Length))
        {
            _forms.Add((form.Canonical, form.Replacement, form.Kind, new Regex(form.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
        }
    }

    // Fullest first: the order forms are tried in.
    private enum FormKind
    {
        Full,
        InitialAndSurname,
        FirstName,
    }

    /// <summary>
    /// The one matcher of a run: the list, replacements and policy of <c>quality.decontamination</c>, and the eval items
    /// (a first name alone is reserved where an item uses it alone); no items, no first-name forms.
    /// </summary>
    public static ReservedNameMatcher For(DecontaminationOptions options, IReadOnlyList<EvalItem> evalItems)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ReservedNameMatcher(options.ReservedNames, options.ReservedNameList, options.Replacements, evalItems);
    }

    /// <summary>replace, reject or off.</summary>
    public string Policy { get; }

    /// <summary>The reserved names (as listed) whose forms appear in the text, distinct, in order of first appearance.</summary>
    public IReadOnlyList<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_forms.Count == 0 || !MayHoldAForm(text))
        {
            return [];
        }

        var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (canonical, _, _, pattern) in _forms)
        {
            var match = pattern.Match(text);
            if (match.Success && (!first.TryGetValue(canonical, out var at) || match.Index < at))
            {
                first[canonical] = match.Index;
            }
        }

        return [.. first.OrderBy(kv => kv.Value).Select(kv => kv.Key)];
    }

    private bool MayHoldAForm(string text) =>
        text.AsSpan().IndexOfAny(_parts) >= 0 || text.AsSpan().IndexOfAny('\u212A', '\u017F') >= 0;

    /// <summary>Where each form of a reserved name stands in the text (start, length), fullest forms first; for callers that must not read a reserved name's parts as other names.</summary>
    public IReadOnlyList<(int Index, int Length)> Spans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<(int, int)>();
        foreach (var (_, _, _, pattern) in _forms)
        {
            for (var match = pattern.Match(text); match.Success; match = match.NextMatch())
            {
                spans.Add((match.Index, match.Length));
            }
        }

        return spans;
    }

    /// <summary>The text with every form of every reserved name replaced.</summary>
    public string Replace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (_, replacement, _, pattern) in _forms)
        {
            text = pattern.Replace(text, m => InAddress(m) ? Address(replacement) : replacement + Possessive(m.Value));
        }

        return text;
    }

    /// <summary>
    /// The text with every form of the listed <paramref name="name"/> replaced by <paramref name="replacement"/>,
    /// shaped to each form as <see cref="Replace(string)"/> shapes the configured one (its first word for a first name
    /// alone, address-shaped inside an address); name hygiene replaces a story's reserved names from its own pool.
    /// </summary>
    public string Replace(string text, string name, string replacement)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(replacement);
        foreach (var (canonical, _, kind, pattern) in _forms)
        {
            if (!string.Equals(canonical, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var shaped = kind switch
            {
                FormKind.InitialAndSurname => Address(replacement),
                FormKind.FirstName => FirstName(replacement),
                _ => replacement,
            };
            text = pattern.Replace(text, m => InAddress(m) ? Address(shaped) : shaped + Possessive(m.Value));
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

    private static string FirstName(string replacement) => replacement.Split(' ')[0];

    private static string Address(string replacement) => replacement.ToLowerInvariant().Replace(' ', '.');

    private static string Possessive(string value) =>
        value.EndsWith("'s", StringComparison.Ordinal) ? "'s" : value.EndsWith("’s", StringComparison.Ordinal) ? "’s" : string.Empty;
}
