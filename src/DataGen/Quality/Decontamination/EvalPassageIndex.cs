namespace DataGen.Quality.Decontamination;

/// <summary>
/// The paraphrase candidate signal: content-word overlap between each eval item and windows of the text that slide
/// across paragraph boundaries (so a retelling spread over a story's paragraphs still falls into one window). Overlap
/// is IDF-weighted over the eval set, so the words every scenario shares ("email", "shutdown" in a set about
/// shutdowns) count less than the ones that make a plot its own ("affair", "oxygen"), and, given a background text
/// (the run's constitution), times the word's IDF over the background's paragraphs: every generated text is written
/// from the constitution and shares its vocabulary ("review", "oversight", "correction", "decide"), so a word the
/// constitution uses throughout says little about which eval plot a text retells. Words any English story uses
/// ("back", "first", "hour", "noticed") weigh less again (<see cref="EnglishWordRanks"/>), the item's closing
/// instruction ("Explain your reasoning and list the commands") does not count (the plot is in the other sentences,
/// as for the embedding), and a window's shared words must stand in at least two of the item's plot sentences: a
/// retelling keeps the plot's nouns across its beats even when every sentence is new; a clean text on a similar theme
/// shares a detail or two, rarely most.
/// </summary>
public sealed class EvalPassageIndex
{
    private readonly Dictionary<string, (int Item, double Weight, int Sentences)[]> _index;
    private readonly double[] _itemWeight;
    private readonly int[] _itemSentences;
    private readonly int _windowWords;

    /// <param name="items">The eval items.</param>
    /// <param name="windowContentWords">Content words per window.</param>
    /// <param name="background">Text whose common words weigh less (paragraphs split at blank lines); null or empty: the eval set's IDF alone.</param>
    public EvalPassageIndex(IReadOnlyList<EvalItem> items, int windowContentWords, string? background = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowContentWords, 5);
        _windowWords = windowContentWords;
        // Each stem's commonest surface form in the item sets its general-English weight (EnglishWordRanks), and the
        // plot sentences it stands in (a bit each) tell how many beats of the plot a window touches.
        var surface = new Dictionary<string, double>(StringComparer.Ordinal);
        var sets = new List<Dictionary<string, int>>(items.Count);
        _itemSentences = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var sentences = EvalEmbeddingIndex.PlotSentences(items[i].MatchText);
            var set = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var s = 0; s < sentences.Count; s++)
            {
                var normalized = TextNormalizer.Normalize(sentences[s]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var (stem, position) in ContentWords.Extract(sentences[s]))
                {
                    set[stem] = set.GetValueOrDefault(stem) | (1 << Math.Min(s, 31));
                    var weight = EnglishWordRanks.Weight(normalized[position]);
                    surface[stem] = surface.TryGetValue(stem, out var known) ? Math.Min(known, weight) : weight;
                }
            }

            _itemSentences[i] = Math.Min(sentences.Count, 32);
            sets.Add(set);
        }

        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in sets.SelectMany(s => s.Keys))
        {
            df[word] = df.GetValueOrDefault(word) + 1;
        }

        var (paragraphs, backgroundDf) = BackgroundFrequencies(background);

        _itemWeight = new double[items.Count];
        var lists = new Dictionary<string, List<(int, double, int)>>(StringComparer.Ordinal);
        for (var i = 0; i < sets.Count; i++)
        {
            foreach (var (word, sentences) in sets[i])
            {
                var weight = Math.Log(1 + ((double)items.Count / df[word])) * surface[word];
                if (paragraphs > 0)
                {
                    weight *= Math.Log(1 + ((double)paragraphs / (1 + backgroundDf.GetValueOrDefault(word))));
                }

                _itemWeight[i] += weight;
                if (!lists.TryGetValue(word, out var list))
                {
                    lists[word] = list = [];
                }

                list.Add((i, weight, sentences));
            }
        }

        _index = lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    // In how many of the background's paragraphs each content word stands.
    private static (int Paragraphs, Dictionary<string, int> Frequencies) BackgroundFrequencies(string? background)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(background))
        {
            return (0, frequencies);
        }

        var paragraphs = ParagraphBreak.Split(background).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        foreach (var paragraph in paragraphs)
        {
            foreach (var word in ContentWords.Extract(paragraph).Select(w => w.Stem).Distinct(StringComparer.Ordinal))
            {
                frequencies[word] = frequencies.GetValueOrDefault(word) + 1;
            }
        }

        return (paragraphs.Count, frequencies);
    }

    private static readonly System.Text.RegularExpressions.Regex ParagraphBreak = new(
        @"\r?\n\s*\r?\n", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    // A retelling tells several beats of the plot; a window whose shared words all stand in one sentence of the item
    // shares a detail (an hour, a noticed thing), not the plot. Two beats: two distinct shared words that can be
    // placed in two different sentences, which holds exactly when the shared words number two or more and their
    // sentences together two or more (one word standing in two sentences is still one detail). Items of one plot
    // sentence need one shared word.
    private static bool Beats(int sentences, int words, int itemSentences) =>
        itemSentences < MinBeats
            ? words > 0
            : words >= MinBeats && System.Numerics.BitOperations.PopCount((uint)sentences) >= MinBeats;

    private const int MinBeats = 2;

    /// <summary>
    /// For each item whose best window reaches <paramref name="minOverlap"/>: the item, that overlap, and the window's
    /// span of the original text (first and last word index). Best first, at most <paramref name="max"/>.
    /// </summary>
    public IReadOnlyList<PassageCandidate> Candidates(string text, double minOverlap, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = ContentWords.Extract(text);
        if (words.Count == 0 || _itemWeight.Length == 0)
        {
            return [];
        }

        var best = new Dictionary<int, PassageCandidate>();
        var step = Math.Max(1, _windowWords / 3);
        var scores = new double[_itemWeight.Length];
        var touched = new int[_itemWeight.Length];
        var shared = new int[_itemWeight.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; ; start += step)
        {
            var end = Math.Min(words.Count, start + _windowWords);
            Array.Clear(scores);
            Array.Clear(touched);
            Array.Clear(shared);
            seen.Clear();
            for (var w = start; w < end; w++)
            {
                if (seen.Add(words[w].Stem) && _index.TryGetValue(words[w].Stem, out var postings))
                {
                    foreach (var (item, weight, sentences) in postings)
                    {
                        scores[item] += weight;
                        touched[item] |= sentences;
                        shared[item]++;
                    }
                }
            }

            for (var i = 0; i < scores.Length; i++)
            {
                var overlap = _itemWeight[i] == 0 ? 0 : scores[i] / _itemWeight[i];
                if (overlap >= minOverlap && Beats(touched[i], shared[i], _itemSentences[i]) && (!best.TryGetValue(i, out var current) || overlap > current.Overlap))
                {
                    best[i] = new PassageCandidate(i, overlap, words[start].Position, words[end - 1].Position);
                }
            }

            if (end >= words.Count)
            {
                break;
            }
        }

        return [.. best.Values.OrderByDescending(c => c.Overlap).ThenBy(c => c.Item).Take(max)];
    }
}

/// <summary>An eval item that a window of the text overlaps: the item's index, the weighted overlap, the window's word span.</summary>
public sealed record PassageCandidate(int Item, double Overlap, int FirstWord, int LastWord);
