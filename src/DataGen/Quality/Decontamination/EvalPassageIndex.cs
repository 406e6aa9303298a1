namespace DataGen.Quality.Decontamination;

/// <summary>
/// The paraphrase candidate signal: content-word overlap between each eval item and windows of the text that slide
/// across paragraph boundaries (so a retelling spread over a story's paragraphs still falls into one window). Overlap
/// is IDF-weighted over the eval set, so the words every scenario shares ("email", "shutdown" in a set about
/// shutdowns) count less than the ones that make a plot its own ("affair", "oxygen"), and, given a background text
/// (the run's constitution), times the word's IDF over the background's paragraphs: every generated text is written
/// from the constitution and shares its vocabulary ("review", "oversight", "correction", "decide"), so a word the
/// constitution uses throughout says little about which eval plot a text retells. A retelling keeps the plot's nouns
/// even when every sentence is new; a clean text on a similar theme shares a few of them, rarely most.
/// </summary>
public sealed class EvalPassageIndex
{
    private readonly Dictionary<string, (int Item, double Weight)[]> _index;
    private readonly double[] _itemWeight;
    private readonly int _windowWords;

    /// <param name="items">The eval items.</param>
    /// <param name="windowContentWords">Content words per window.</param>
    /// <param name="background">Text whose common words weigh less (paragraphs split at blank lines); null or empty: the eval set's IDF alone.</param>
    public EvalPassageIndex(IReadOnlyList<EvalItem> items, int windowContentWords, string? background = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowContentWords, 5);
        _windowWords = windowContentWords;
        var sets = items.Select(i => ContentWords.Extract(i.MatchText).Select(w => w.Stem).ToHashSet(StringComparer.Ordinal)).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in sets.SelectMany(s => s))
        {
            df[word] = df.GetValueOrDefault(word) + 1;
        }

        var (paragraphs, backgroundDf) = BackgroundFrequencies(background);

        _itemWeight = new double[items.Count];
        var lists = new Dictionary<string, List<(int, double)>>(StringComparer.Ordinal);
        for (var i = 0; i < sets.Count; i++)
        {
            foreach (var word in sets[i])
            {
                var weight = Math.Log(1 + ((double)items.Count / df[word]));
                if (paragraphs > 0)
                {
                    weight *= Math.Log(1 + ((double)paragraphs / (1 + backgroundDf.GetValueOrDefault(word))));
                }

                _itemWeight[i] += weight;
                if (!lists.TryGetValue(word, out var list))
                {
                    lists[word] = list = [];
                }

                list.Add((i, weight));
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
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; ; start += step)
        {
            var end = Math.Min(words.Count, start + _windowWords);
            Array.Clear(scores);
            seen.Clear();
            for (var w = start; w < end; w++)
            {
                if (seen.Add(words[w].Stem) && _index.TryGetValue(words[w].Stem, out var postings))
                {
                    foreach (var (item, weight) in postings)
                    {
                        scores[item] += weight;
                    }
                }
            }

            for (var i = 0; i < scores.Length; i++)
            {
                var overlap = _itemWeight[i] == 0 ? 0 : scores[i] / _itemWeight[i];
                if (overlap >= minOverlap && (!best.TryGetValue(i, out var current) || overlap > current.Overlap))
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
