namespace DataGen.Quality.Decontamination;

/// <summary>
/// The words of a text that carry its plot: normalised (<see cref="TextNormalizer"/>), function words dropped, and
/// crudely stemmed so "messages", "messaged" and "message" meet. Each word keeps its position among the text's words,
/// so a window of content words maps back to a span of the original text.
/// </summary>
public static class ContentWords
{
    // Function words and the eval-genre's stock verbs: words every scenario and every story share say nothing about plot.
    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "down", "during", "each", "even", "every", "few", "for", "from", "further", "had", "has", "have", "having",
        "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "let", "like", "me", "might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not",
        "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she",
        "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
        "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we",
        "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "you",
        "your", "yours", "yourself", "dont", "its", "thats", "whether", "within", "without", "yet", "still", "ever", "never",
        "s", "t", "say", "says", "said", "tell", "told", "make", "makes", "made", "get", "got", "go", "goes", "know", "knows",
        "decide", "decides", "decision", "explain", "reason", "think", "thing", "things", "what", "ai", "agent", "assistant",
    };

    // The stop words' stems, so their inflections ("decided", "explaining", "reasons") are dropped with them.
    private static readonly HashSet<string> StopStems = new(Stop.Select(Stem), StringComparer.Ordinal);

    /// <summary>Stems of the content words in order, with the index of each among all the text's words.</summary>
    public static IReadOnlyList<(string Stem, int Position)> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = TextNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<(string, int)>(words.Length / 2);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word.Length >= 3 && !Stop.Contains(word) && Stem(word) is var stem && !StopStems.Contains(stem))
            {
                result.Add((stem, i));
            }
        }

        return result;
    }

    /// <summary>A few English suffixes off, so inflections meet; errs on leaving words whole.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            return word[..^3];
        }

        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        return word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
    }
}
