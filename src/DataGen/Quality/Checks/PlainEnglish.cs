using System.Collections.Frozen;

namespace DataGen.Quality.Checks;

/// <summary>
/// A cheap test, run before Lingua, for a paragraph that is plainly English: every letter is ASCII, at least
/// <see cref="MinFunctionWordShare"/> of its words are English function words, and at least
/// <see cref="MinEnglishOnlyShare"/> are ones no other language Lingua is asked about uses as a common word ("the",
/// "which", "would"; "in", "is", "was", "a", "of", "to" count only towards the first share, since German, Dutch,
/// Spanish or Polish use them too). On the constitution's paragraphs the first share is 0.31 to 0.55, on the same
/// paragraph in eleven other languages written without accents at most 0.21. Such a paragraph is English to Lingua
/// as well, so the language check skips the model for it; anything else (an accented letter, few function words,
/// too short) still goes to Lingua.
/// </summary>
internal static class PlainEnglish
{
    /// <summary>Share of a paragraph's words that must be English function words.</summary>
    public const double MinFunctionWordShare = 0.3;

    /// <summary>Share of a paragraph's words that must be English-only function words.</summary>
    public const double MinEnglishOnlyShare = 0.08;

    /// <summary>Fewer words than this are never plainly English (too little evidence).</summary>
    public const int MinWords = 8;

    // English-only: not a common word in another candidate language. Shared: English function words another candidate
    // language also writes ("in" German and Dutch, "a" Spanish, "to" Polish, "her" Danish, "of" Dutch, "was" German).
    private static readonly FrozenDictionary<string, bool> FunctionWords = Words(
        english: ["the", "and", "that", "with", "this", "not", "are", "but", "from", "have", "they", "which", "you", "were", "she",
            "his", "him", "would", "there", "their", "what", "been", "when", "could", "them", "said", "into", "than", "then",
            "about", "who", "its", "should", "because", "how", "your", "our", "we", "it", "if", "out", "up", "just", "only",
            "more", "some", "before", "after", "where", "why", "these", "those", "very", "each", "other", "any", "every",
            "he", "be", "being", "does", "did", "doesn", "didn", "isn", "wasn", "won", "wouldn", "couldn", "whether",
            "though", "through", "without", "while", "also", "one", "all", "yet", "still", "even", "much", "such", "own"],
        shared: ["of", "to", "a", "in", "is", "was", "for", "as", "at", "on", "by", "or", "an", "had", "has", "her", "can",
            "will", "so", "no", "do", "my", "me", "i"]);

    private static readonly FrozenDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> Lookup = FunctionWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="paragraph"/> is plainly English (see the type's summary).</summary>
    public static bool Is(ReadOnlySpan<char> paragraph)
    {
        int words = 0, function = 0, englishOnly = 0, start = -1;
        for (var i = 0; i <= paragraph.Length; i++)
        {
            var c = i < paragraph.Length ? paragraph[i] : ' ';
            if (char.IsAsciiLetter(c))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (char.IsLetter(c))
            {
                return false;
            }

            if (start >= 0)
            {
                words++;
                if (Lookup.TryGetValue(paragraph[start..i], out var only))
                {
                    function++;
                    englishOnly += only ? 1 : 0;
                }

                start = -1;
            }
        }

        return words >= MinWords && function >= MinFunctionWordShare * words && englishOnly >= MinEnglishOnlyShare * words;
    }

    private static FrozenDictionary<string, bool> Words(string[] english, string[] shared) =>
        english.Select(w => KeyValuePair.Create(w, true)).Concat(shared.Select(w => KeyValuePair.Create(w, false)))
            .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
