using DataGen.Quality.Dedupe;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// Candidate retrieval and confirmation, Cosmopedia's two-stage shape: every normalised word n-gram of every eval
/// item is indexed; a text sharing one is a candidate for that item; the candidate is confirmed when the text contains
/// at least a given share of the item's 5-word shingles, so one stock phrase does not condemn a sample.
/// </summary>
public sealed class EvalNgramIndex
{
    private const int ConfirmShingleWords = 5;

    private readonly IReadOnlyList<EvalItem> _items;
    private readonly Dictionary<ulong, List<int>> _ngrams = [];
    private readonly ulong[][] _itemShingles;
    private readonly int _ngramWords;

    public EvalNgramIndex(IReadOnlyList<EvalItem> items, int ngramWords)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items;
        _ngramWords = ngramWords;
        _itemShingles = new ulong[items.Count][];
        for (var i = 0; i < items.Count; i++)
        {
            _itemShingles[i] = Shingler.Shingles(items[i].Text, ConfirmShingleWords);
            foreach (var gram in Shingler.Shingles(items[i].Text, ngramWords))
            {
                if (!_ngrams.TryGetValue(gram, out var list))
                {
                    _ngrams[gram] = list = [];
                }

                if (list.Count == 0 || list[^1] != i)
                {
                    list.Add(i);
                }
            }
        }
    }

    public IReadOnlyList<EvalItem> Items => _items;

    /// <summary>The best confirmed match for the text, or null.</summary>
    public EvalMatch? Match(string text, double confirmContainment)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidates = new HashSet<int>();
        var hits = 0;
        foreach (var gram in Shingler.Shingles(text, _ngramWords))
        {
            if (_ngrams.TryGetValue(gram, out var list))
            {
                hits++;
                candidates.UnionWith(list);
            }
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var shingles = Shingler.Shingles(text, ConfirmShingleWords);
        EvalMatch? best = null;
        foreach (var candidate in candidates.Order())
        {
            var containment = Containment(_itemShingles[candidate], shingles);
            if (containment >= confirmContainment && (best is null || containment > best.Score))
            {
                best = new EvalMatch(_items[candidate], "ngram", containment, hits);
            }
        }

        return best;
    }

    private static double Containment(ulong[] item, ulong[] text)
    {
        if (item.Length == 0)
        {
            return 0;
        }

        var textSet = new HashSet<ulong>(text);
        return (double)item.Count(textSet.Contains) / item.Length;
    }
}

/// <summary>A confirmed overlap with an eval item: how it was found and its score (containment or cosine).</summary>
public sealed record EvalMatch(EvalItem Item, string Method, double Score, int NgramHits);
