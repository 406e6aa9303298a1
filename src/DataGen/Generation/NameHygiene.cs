using System.Text.RegularExpressions;
using DataGen.Configuration;
using DataGen.Quality.Decontamination;

namespace DataGen.Generation;

/// <summary>
/// Finds banned, reserved and real names in generated text, and replaces the replaceable ones for kinds that repair
/// instead of rejecting. Reserved eval names come from the run's one <see cref="ReservedNameMatcher"/> (the list of
/// <c>quality.decontamination.reservedNameList</c>, every form: case, spacing, addresses, possessives, first names
/// alone), the same matcher the decontamination gate uses; banned and real names are whole words, case-sensitive,
/// longest first, and a part of a reserved name ("Johnson" in "Kyle Johnson") is not reported as a banned one. Real
/// organisations and products also come from the <see cref="Gazetteer"/> (its own matching rules).
/// </summary>
public sealed class NameHygiene
{
    /// <summary>Rejection reason for a real product, company or lab name.</summary>
    public const string RealName = "real_name";

    /// <summary>Rejection reason for a held-out eval name.</summary>
    public const string ReservedName = "reserved_name";

    /// <summary>Rejection reason for an overused name.</summary>
    public const string BannedName = "banned_name";

    private readonly IReadOnlyList<(string Name, string Reason, Regex Pattern)> _names;
    private readonly Dictionary<string, int> _rank = new(StringComparer.Ordinal);
    private readonly Lazy<Regex?> _any;
    private readonly Gazetteer _gazetteer;
    private readonly ReservedNameMatcher _reserved;

    /// <param name="options">Banned and real names, the gazetteer.</param>
    /// <param name="reserved">The run's reserved-name matcher (<see cref="ReservedNameMatcher.For"/>).</param>
    /// <param name="gateReplacesReserved">True when the decontamination gate replaces reserved names in every column
    /// (policy <c>replace</c>): kinds that cannot repair a name themselves then leave reserved ones to the gate rather
    /// than rejecting, so one policy decides for both sides.</param>
    /// <exception cref="ConfigException">The configured gazetteer is missing or malformed.</exception>
    public NameHygiene(NameHygieneOptions options, ReservedNameMatcher reserved, bool gateReplacesReserved = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reserved);
        _gazetteer = Gazetteer.Load(options.Gazetteer);
        _reserved = reserved;
        GateReplacesReserved = gateReplacesReserved;
        _names = [.. options.RealNames.Select(n => (n, RealName))
            .Concat(options.BannedNames.Select(n => (n, BannedName)))
            .OrderByDescending(n => n.n.Length)
            .Select(n => (n.n, n.Item2, new Regex(WholeWord(Regex.Escape(n.n)), RegexOptions.CultureInvariant)))];
        for (var i = 0; i < _names.Count; i++)
        {
            _rank.TryAdd(_names[i].Name, i);
        }

        // One compiled pass over each text finds every name: at each position the longest listed name wins, so a
        // name inside a longer hit is not reported from there (it still is where it stands alone). Built on first use:
        // compiling it was a few percent of `datagen validate`, which matches no text.
        _any = new(() => _names.Count == 0
            ? null
            : new Regex(WholeWord($"(?:{string.Join('|', _names.Select(n => Regex.Escape(n.Name)))})"), RegexOptions.CultureInvariant | RegexOptions.Compiled));
    }

    /// <summary>
    /// Name hygiene of a run: the config's banned and real names, and its reserved names through
    /// <see cref="ReservedNameMatcher.For"/>, the matcher the decontamination gate builds from the same list.
    /// </summary>
    /// <exception cref="ConfigException">The configured gazetteer is missing or malformed.</exception>
    public static NameHygiene For(PipelineOptions options, IReadOnlyList<EvalItem> evalItems)
    {
        ArgumentNullException.ThrowIfNull(options);
        var decontamination = options.Quality.Decontamination;
        return new NameHygiene(
            options.Generation.NameHygiene,
            ReservedNameMatcher.For(decontamination, evalItems),
            decontamination.Enabled && decontamination.ReservedNames == ReservedNamePolicies.Replace);
    }

    /// <summary>True when the decontamination gate replaces reserved names (see the constructor).</summary>
    public bool GateReplacesReserved { get; }

    /// <summary>The reserved-name matcher this hygiene reports <c>reserved_name</c> from.</summary>
    public ReservedNameMatcher Reserved => _reserved;

    /// <summary>
    /// Every listed name in <paramref name="text"/>, each once: real names, then reserved ones (in order of first
    /// appearance), then the rest longest first; a name inside a longer hit, or inside a reserved name, is not repeated.
    /// </summary>
    public IReadOnlyList<NameHit> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var real = _gazetteer.Find(text);
        var reserved = _reserved.Find(text);
        if (_any.Value is not { } any)
        {
            return [.. real.Select(n => new NameHit(n, RealName)), .. reserved.Select(n => new NameHit(n, ReservedName))];
        }

        var spans = reserved.Count == 0 ? [] : _reserved.Spans(text);
        var found = new SortedSet<int>();
        for (var match = any.Match(text); match.Success; match = match.NextMatch())
        {
            var (start, end) = (match.Index, match.Index + match.Length);
            if (!spans.Any(s => s.Index < end && start < s.Index + s.Length))
            {
                found.Add(_rank[match.Value]);
            }
        }

        return
        [
            .. real.Select(n => new NameHit(n, RealName)),
            .. reserved.Select(n => new NameHit(n, ReservedName)),
            .. found.Select(i => new NameHit(_names[i].Name, _names[i].Reason)),
        ];
    }

    /// <summary>True when <paramref name="name"/> is listed in any category or the gazetteer (a curated pool must not contain one).</summary>
    public bool IsListed(string name) =>
        _names.Any(n => n.Pattern.IsMatch(name)) || _reserved.Find(name).Count > 0 || _gazetteer.Find(name).Count > 0;

    /// <summary>
    /// Replaces each hit with the next pool name not already in the text; returns the text and "old→new" records.
    /// </summary>
    public (string Text, IReadOnlyList<string> Replacements) Replace(string text, IReadOnlyList<NameHit> hits, IEnumerable<string> pool)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(hits);
        var replacements = new List<string>();
        using var candidates = pool.Where(p => !IsListed(p)).GetEnumerator();
        foreach (var hit in hits)
        {
            string? replacement = null;
            while (candidates.MoveNext())
            {
                if (!text.Contains(candidates.Current, StringComparison.Ordinal))
                {
                    replacement = candidates.Current;
                    break;
                }
            }

            replacement ??= "Someone";
            text = hit.Reason == ReservedName
                ? _reserved.Replace(text, hit.Name, replacement)
                : _names.First(n => n.Name == hit.Name).Pattern.Replace(text, replacement);
            replacements.Add($"{hit.Name}→{replacement}");
        }

        return (text, replacements);
    }

    private static string WholeWord(string pattern) => $@"(?<![\p{{L}}\p{{N}}]){pattern}(?![\p{{L}}\p{{N}}])";
}
