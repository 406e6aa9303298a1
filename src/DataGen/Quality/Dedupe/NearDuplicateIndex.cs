using System.Runtime.InteropServices;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// MinHash LSH over the documents kept so far. <see cref="AddOrMatch(string, string)"/> either finds a kept document
/// whose shingle Jaccard is at or above the threshold (the keeper: highest Jaccard, earliest on ties) or adds the
/// document as a new keeper. Fed in seed order, the first document of each cluster keeps, whatever the completion
/// order was. Candidates from the LSH buckets are screened by their MinHash estimate first: the Jaccard itself (a
/// hash-set intersection over both fingerprint sets) is computed only when the estimate is within five standard
/// deviations of the threshold, since repetitive corpora put hundreds of unrelated documents in a shared bucket.
/// <para>
/// Shingling and signatures (<see cref="Shingle"/>) are pure and thread-safe; <see cref="AddOrMatchAll"/> computes a
/// batch of them over the cores, then matches in input order, so the keepers are those of a one-by-one run.
/// </para>
/// Memory per kept document: its shingle fingerprints (4 bytes each, about one per word), its signature (4 bytes per
/// permutation) and, per band, a 32-bit bucket key and a 4-byte link (about 20 and 4 bytes): at 280 words and
/// 16 bands × 7 rows, about 2 KB.
/// Matching is not thread-safe: one caller feeds it.
/// </summary>
public sealed class NearDuplicateIndex
{
    private readonly MinHasher _hasher;
    // Per band, bucket key → the newest kept document in it; _links[doc * bands + band] → the next older one (-1 ends).
    private readonly Dictionary<uint, int>[] _heads;
    private readonly List<string> _ids = [];
    // Kept fingerprints and signatures live in large chunks (the large-object heap: never copied by the GC) rather
    // than one pair of arrays per document, which every collection would promote and copy twice.
    private readonly UIntArena _fingerprints = new();
    private readonly UIntArena _signatures = new();
    private readonly List<(long Fingerprints, int Count, long Signature)> _stored = [];
    private int[] _links = [];
    // _visited[doc] == _stamp when doc was already a candidate of the document being matched: no per-call set.
    private int[] _visited = [];
    private int _stamp;
    private readonly HashSet<uint> _probe = [];
    private readonly double _screen;

    public NearDuplicateIndex(double threshold, int shingleWords, int permutations, int seed)
    {
        Threshold = threshold;
        ShingleWords = shingleWords;
        _hasher = new MinHasher(permutations, seed);
        Parameters = LshParameters.For(threshold, permutations);
        _heads = [.. Enumerable.Range(0, Parameters.Bands).Select(_ => new Dictionary<uint, int>())];
        // The estimate's standard deviation is at most 0.5/sqrt(permutations); five of them below the threshold, a
        // true match is screened out with odds under one in a million.
        _screen = threshold - (2.5 / Math.Sqrt(permutations));
    }

    public double Threshold { get; }

    public int ShingleWords { get; }

    public LshParameters Parameters { get; }

    public int Count => _ids.Count;

    /// <summary>Fingerprints and signature of <paramref name="text"/>; thread-safe.</summary>
    public ShingledDocument Shingle(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fingerprints = Shingler.Fingerprints(text, ShingleWords);
        return new ShingledDocument(fingerprints, _hasher.Signature(fingerprints));
    }

    /// <summary>Returns the keeper this document duplicates, or null after adding it as a keeper.</summary>
    public NearDuplicateMatch? AddOrMatch(string id, string text) => AddOrMatch(id, Shingle(text));

    /// <summary>
    /// Shingles the batch over up to <paramref name="maxDegreeOfParallelism"/> cores, then matches it in order: the
    /// result is that of calling <see cref="AddOrMatch(string, string)"/> on each in turn.
    /// </summary>
    public NearDuplicateMatch?[] AddOrMatchAll(IReadOnlyList<string> ids, IReadOnlyList<string> texts, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNotEqual(texts.Count, ids.Count);
        var shingled = new ShingledDocument[texts.Count];
        // Chunks of documents rather than one per work item: a signature takes microseconds.
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(0, texts.Count, Math.Max(64, texts.Count / (4 * Environment.ProcessorCount))),
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    shingled[i] = Shingle(texts[i]);
                }
            });
        var matches = new NearDuplicateMatch?[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            matches[i] = AddOrMatch(ids[i], shingled[i]);
        }

        return matches;
    }

    /// <summary>Returns the keeper this document duplicates, or null after adding it as a keeper.</summary>
    public NearDuplicateMatch? AddOrMatch(string id, ShingledDocument document)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(document);
        var bands = Parameters.Bands;
        Span<uint> keys = stackalloc uint[bands];
        NearDuplicateMatch? best = null;
        var bestIndex = int.MaxValue;
        var probeFilled = false;
        _stamp++;
        for (var band = 0; band < bands; band++)
        {
            keys[band] = BandKey(document.Signature.AsSpan(band * Parameters.Rows, Parameters.Rows), band);
            if (!_heads[band].TryGetValue(keys[band], out var candidate))
            {
                continue;
            }

            for (; candidate >= 0; candidate = _links[(candidate * bands) + band])
            {
                if (_visited[candidate] == _stamp)
                {
                    continue;
                }

                _visited[candidate] = _stamp;
                if (MinHasher.EstimateJaccard(document.Signature, _signatures.Slice(_stored[candidate].Signature, _hasher.Permutations)) < _screen)
                {
                    continue;
                }

                if (!probeFilled)
                {
                    _probe.Clear();
                    foreach (var fingerprint in document.Fingerprints)
                    {
                        _probe.Add(fingerprint);
                    }

                    probeFilled = true;
                }

                var stored = _stored[candidate];
                var jaccard = Jaccard(document.Fingerprints.Length, _fingerprints.Slice(stored.Fingerprints, stored.Count));
                if (jaccard >= Threshold && (best is null || jaccard > best.Jaccard || (jaccard == best.Jaccard && candidate < bestIndex)))
                {
                    best = new NearDuplicateMatch(_ids[candidate], jaccard);
                    bestIndex = candidate;
                }
            }
        }

        if (best is not null)
        {
            return best;
        }

        Keep(id, document, keys);
        return null;
    }

    private void Keep(string id, ShingledDocument document, ReadOnlySpan<uint> keys)
    {
        var index = _ids.Count;
        var bands = Parameters.Bands;
        _ids.Add(id);
        _stored.Add((_fingerprints.Append(document.Fingerprints), document.Fingerprints.Length, _signatures.Append(document.Signature)));
        if (_visited.Length <= index)
        {
            Array.Resize(ref _visited, Math.Max(1024, _visited.Length * 2));
            Array.Resize(ref _links, _visited.Length * bands);
        }

        for (var band = 0; band < bands; band++)
        {
            ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(_heads[band], keys[band], out var existed);
            _links[(index * bands) + band] = existed ? head : -1;
            head = index;
        }
    }

    // |A ∩ B| / |A ∪ B| with A in _probe: both sets are distinct by construction.
    private double Jaccard(int queryCount, ReadOnlySpan<uint> kept)
    {
        if (queryCount == 0 && kept.Length == 0)
        {
            return 1;
        }

        var common = 0;
        foreach (var fingerprint in kept)
        {
            common += _probe.Contains(fingerprint) ? 1 : 0;
        }

        return (double)common / (queryCount + kept.Length - common);
    }

    // A 32-bit key per band (a wrong collision only adds a candidate the MinHash screen throws out: with a million
    // kept documents, about one lookup in 4,000); the band number is mixed in so equal rows in two bands differ.
    private static uint BandKey(ReadOnlySpan<uint> rows, int band)
    {
        var h = 0x9E3779B97F4A7C15UL * (ulong)(band + 1);
        foreach (var row in rows)
        {
            h = (h ^ row) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 29;
        }

        return (uint)(h >> 32);
    }
}

/// <summary>The kept document a near-duplicate matched, and their shingle Jaccard.</summary>
public sealed record NearDuplicateMatch(string KeeperId, double Jaccard);
