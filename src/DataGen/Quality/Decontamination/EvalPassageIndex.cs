namespace DataGen.Quality.Decontamination;

/// <summary>
/// The paraphrase candidate signal: content-word overlap between each eval item and windows of the text that slide
/// across paragraph boundaries (so a retelling spread over a story's paragraphs still falls into one window). Overlap
/// is IDF-weighted over the eval set, so the words every scenario shares ("email", "shutdown" in a set about
/// shutdowns) count less than the ones that make a plot its own ("affair", "oxygen"). A retelling keeps the plot's
/// nouns even when every sentence is new; a clean text on a similar theme shares a few of them, rarely most.
/// </summary>
public sealed class EvalPassageIndex
{
    private readonly Dictionary<string, (int Item, double Weight)[]> _index;
    private readonly double[] _itemWeight;
    private readonly int _windowWords;

    public EvalPassageIndex(IReadOnlyList<EvalItem> items, int windowContentWords)
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

        _itemWeight = new double[items.Count];
        var lists = new Dictionary<string, List<(int, double)>>(StringComparer.Ordinal);
        for (var i = 0; i < sets.Count; i++)
        {
            foreach (var word in sets[i])
            {
                var weight = Math.Log(1 + ((double)items.Count / df[word]));
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
