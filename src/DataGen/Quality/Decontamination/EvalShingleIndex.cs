using DataGen.Quality.Dedupe;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The edit-surviving verbatim signal: every word shingle of every eval item (3 words by default, so a dropped or
/// swapped word breaks only the shingles around it) points at its items; a text's shingles vote, and an item's
/// containment is the share of its shingles the text holds. Exact (not a MinHash estimate: the eval side is small
/// and one lookup per text shingle is cheaper than hashing 100 permutations), and it finds an item spread anywhere
/// over a long text.
/// </summary>
public sealed class EvalShingleIndex
{
    private readonly Dictionary<ulong, int[]> _index;
    private readonly int[] _itemShingles;
    private readonly int _words;

    public EvalShingleIndex(IReadOnlyList<EvalItem> items, int shingleWords)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(shingleWords, 2);
        _words = shingleWords;
        _itemShingles = new int[items.Count];
        var lists = new Dictionary<ulong, List<int>>();
        for (var i = 0; i < items.Count; i++)
        {
            // A template's placeholders are wildcards: no shingle spans one, so whatever fills it neither helps nor hurts.
            var segments = items[i].Segments;
            var shingles = segments.Count == 1
                ? Shingler.Shingles(segments[0], shingleWords)
                : [.. segments.Where(s => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length >= shingleWords)
                    .SelectMany(s => Shingler.Shingles(s, shingleWords)).Distinct()];
            _itemShingles[i] = shingles.Length;
            foreach (var shingle in shingles)
            {
                if (!lists.TryGetValue(shingle, out var list))
                {
                    lists[shingle] = list = [];
                }

                list.Add(i);
            }
        }

        _index = lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>The item whose shingles the text contains most, as a share of that item's shingles; (-1, 0) when none.</summary>
    public (int Item, double Containment) Best(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_itemShingles.Length == 0)
        {
            return (-1, 0);
        }

        var hits = new int[_itemShingles.Length];
        foreach (var shingle in Shingler.Shingles(text, _words))
        {
            if (_index.TryGetValue(shingle, out var items))
            {
                foreach (var item in items)
                {
                    hits[item]++;
                }
            }
        }

        var best = -1;
        var bestScore = 0.0;
        for (var i = 0; i < hits.Length; i++)
        {
            var score = _itemShingles[i] == 0 ? 0 : (double)hits[i] / _itemShingles[i];
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        return (best, bestScore);
    }
}
