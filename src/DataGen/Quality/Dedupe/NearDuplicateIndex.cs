using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// MinHash LSH over the documents kept so far. <see cref="AddOrMatch"/> either finds a kept document whose exact
/// shingle Jaccard is at or above the threshold (the keeper: highest Jaccard, earliest on ties) or adds the document
/// as a new keeper. Fed in seed order, the first document of each cluster keeps, whatever the completion order was.
/// Candidates from the LSH buckets are screened by their MinHash estimate first: the exact Jaccard (a merge over both
/// shingle sets) is computed only when the estimate is within five standard deviations of the threshold, since
/// repetitive corpora put hundreds of unrelated documents in a shared bucket.
/// Memory per kept document: its shingle hashes (8 bytes each, about one per word), its signature (4 bytes per
/// permutation) and one bucket entry per band.
/// Not thread-safe: a stage feeds it from one stream.
/// </summary>
public sealed class NearDuplicateIndex
{
    private readonly MinHasher _hasher;
    private readonly Dictionary<ulong, List<int>>[] _buckets;
    private readonly List<(string Id, ulong[] Shingles, uint[] Signature)> _kept = [];
    private readonly double _screen;

    public NearDuplicateIndex(double threshold, int shingleWords, int permutations, int seed)
    {
        Threshold = threshold;
        ShingleWords = shingleWords;
        _hasher = new MinHasher(permutations, seed);
        Parameters = LshParameters.For(threshold, permutations);
        _buckets = [.. Enumerable.Range(0, Parameters.Bands).Select(_ => new Dictionary<ulong, List<int>>())];
        // The estimate's standard deviation is at most 0.5/sqrt(permutations); five of them below the threshold, a
        // true match is screened out with odds under one in a million.
        _screen = threshold - (2.5 / Math.Sqrt(permutations));
    }

    public double Threshold { get; }

    public int ShingleWords { get; }

    public LshParameters Parameters { get; }

    public int Count => _kept.Count;

    /// <summary>Returns the keeper this document duplicates, or null after adding it as a keeper.</summary>
    public NearDuplicateMatch? AddOrMatch(string id, string text)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(text);
        var shingles = Shingler.Shingles(text, ShingleWords);
        var signature = _hasher.Signature(shingles);
        var keys = new ulong[Parameters.Bands];
        NearDuplicateMatch? best = null;
        var bestIndex = int.MaxValue;
        var checkedCandidates = new HashSet<int>();
        for (var band = 0; band < Parameters.Bands; band++)
        {
            keys[band] = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(signature.AsSpan(band * Parameters.Rows, Parameters.Rows)));
            if (!_buckets[band].TryGetValue(keys[band], out var members))
            {
                continue;
            }

            foreach (var candidate in members)
            {
                if (!checkedCandidates.Add(candidate))
                {
                    continue;
                }

                var kept = _kept[candidate];
                if (MinHasher.EstimateJaccard(signature, kept.Signature) < _screen)
                {
                    continue;
                }

                var jaccard = Shingler.Jaccard(shingles, kept.Shingles);
                if (jaccard >= Threshold && (best is null || jaccard > best.Jaccard || (jaccard == best.Jaccard && candidate < bestIndex)))
                {
                    best = new NearDuplicateMatch(kept.Id, jaccard);
                    bestIndex = candidate;
                }
            }
        }

        if (best is not null)
        {
            return best;
        }

        var index = _kept.Count;
        _kept.Add((id, shingles, signature));
        for (var band = 0; band < Parameters.Bands; band++)
        {
            if (!_buckets[band].TryGetValue(keys[band], out var members))
            {
                _buckets[band][keys[band]] = members = [];
            }

            members.Add(index);
        }

        return null;
    }
}

/// <summary>The kept document a near-duplicate matched, and their exact shingle Jaccard.</summary>
public sealed record NearDuplicateMatch(string KeeperId, double Jaccard);
