namespace DataGen.Quality.Dedupe;

/// <summary>
/// MinHash LSH over the documents kept so far. <see cref="AddOrMatch(string, string)"/> either finds a kept document
/// whose shingle Jaccard is at or above the threshold (the keeper: highest Jaccard, earliest on ties) or adds the
/// document as a new keeper. Fed in seed order, the first document of each cluster keeps, whatever the completion
/// order was. Candidates from the LSH buckets are screened by their MinHash estimate first: the Jaccard itself (a
/// hash-set intersection over both fingerprint sets) is computed only when the estimate is within five standard
/// deviations of the threshold, since repetitive corpora put hundreds of unrelated documents in a shared bucket.
/// <para>
/// <see cref="AddOrMatchAll"/> shingles and signs a batch over the cores, then matches in input order, so the keepers
/// are those of a one-by-one run. Nothing is allocated per document: a batch's fingerprints and signatures go into
/// buffers the index reuses from batch to batch (one fingerprint buffer per work range, so threads never share one),
/// and a kept document's are copied into chunked arenas.
/// </para>
/// Memory per kept document: its shingle fingerprints (4 bytes each, about one per word), its signature (4 bytes per
/// permutation) and, per band, a bucket slot and a 4-byte link (about 12 and 4 bytes): at 230 words and
/// 16 bands × 7 rows, about 1.7 KB.
/// Not thread-safe: one caller feeds it.
/// </summary>
public sealed class NearDuplicateIndex
{
    private readonly MinHasher _hasher;
    // Per band, bucket key → the newest kept document in it; _links[doc * bands + band] → the next older one (-1 ends).
    private readonly BandBuckets[] _heads;
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
    // Batch scratch, reused: per work range a fingerprint buffer; per document where its fingerprints lie and (at
    // document × permutations) its signature.
    private uint[][] _rangeFingerprints = [];
    private (int Range, int Start, int Count)[] _slots = [];
    private uint[] _batchSignatures = [];

    public NearDuplicateIndex(double threshold, int shingleWords, int permutations, int seed)
    {
        Threshold = threshold;
        ShingleWords = shingleWords;
        _hasher = new MinHasher(permutations, seed);
        Parameters = LshParameters.For(threshold, permutations);
        _heads = [.. Enumerable.Range(0, Parameters.Bands).Select(_ => new BandBuckets())];
        // The estimate's standard deviation is at most 0.5/sqrt(permutations); five of them below the threshold, a
        // true match is screened out with odds under one in a million.
        _screen = threshold - (2.5 / Math.Sqrt(permutations));
    }

    public double Threshold { get; }

    public int ShingleWords { get; }

    public LshParameters Parameters { get; }

    public int Count => _ids.Count;

    /// <summary>Returns the keeper this document duplicates, or null after adding it as a keeper.</summary>
    public NearDuplicateMatch? AddOrMatch(string id, string text)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(text);
        return AddOrMatchAll([id], [text], 1)[0];
    }

    /// <summary>
    /// Shingles the batch over up to <paramref name="maxDegreeOfParallelism"/> cores, then matches it in order: the
    /// result is that of calling <see cref="AddOrMatch(string, string)"/> on each in turn.
    /// </summary>
    public NearDuplicateMatch?[] AddOrMatchAll(IReadOnlyList<string> ids, IReadOnlyList<string> texts, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNotEqual(texts.Count, ids.Count);
        var count = texts.Count;
        var permutations = _hasher.Permutations;
        // Ranges of documents rather than one per work item (a signature takes microseconds); Partitioner.Create cuts
        // [0, count) into ranges starting at multiples of rangeSize, so start / rangeSize names a range's buffer.
        var rangeSize = Math.Max(64, count / (4 * Environment.ProcessorCount));
        var ranges = (count + rangeSize - 1) / rangeSize;
        if (_rangeFingerprints.Length < ranges)
        {
            var grown = new uint[ranges][];
            _rangeFingerprints.CopyTo(grown, 0);
            for (var r = _rangeFingerprints.Length; r < ranges; r++)
            {
                grown[r] = [];
            }

            _rangeFingerprints = grown;
        }

        if (_slots.Length < count)
        {
            _slots = new (int, int, int)[count];
            _batchSignatures = GC.AllocateUninitializedArray<uint>(count * permutations);
        }

        if (count == 1)
        {
            // The streaming stage's one-by-one path: no work item.
            Sign(texts, 0, 1, 0);
        }
        else
        {
            Parallel.ForEach(
                System.Collections.Concurrent.Partitioner.Create(0, count, rangeSize),
                new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
                range => Sign(texts, range.Item1, range.Item2, range.Item1 / rangeSize));
        }

        var matches = new NearDuplicateMatch?[count];
        for (var i = 0; i < count; i++)
        {
            var (range, start, length) = _slots[i];
            matches[i] = AddOrMatch(ids[i], _rangeFingerprints[range].AsSpan(start, length), _batchSignatures.AsSpan(i * permutations, permutations));
        }

        return matches;
    }

    // Fingerprints of documents [from, to) into range buffer `range`, their signatures into the batch's.
    private void Sign(IReadOnlyList<string> texts, int from, int to, int range)
    {
        var permutations = _hasher.Permutations;
        var buffer = _rangeFingerprints[range];
        var at = 0;
        for (var i = from; i < to; i++)
        {
            var length = Shingler.Fingerprints(texts[i], ShingleWords, ref buffer, at);
            _slots[i] = (range, at, length);
            _hasher.Signature(buffer.AsSpan(at, length), _batchSignatures.AsSpan(i * permutations, permutations), MinHasher.Best);
            at += length;
        }

        _rangeFingerprints[range] = buffer;
    }

    /// <summary>Returns the keeper this document duplicates, or null after adding it as a keeper.</summary>
    private NearDuplicateMatch? AddOrMatch(string id, ReadOnlySpan<uint> fingerprints, ReadOnlySpan<uint> signature)
    {
        var bands = Parameters.Bands;
        Span<uint> keys = stackalloc uint[bands];
        NearDuplicateMatch? best = null;
        var bestIndex = int.MaxValue;
        var probeFilled = false;
        _stamp++;
        for (var band = 0; band < bands; band++)
        {
            keys[band] = BandKey(signature.Slice(band * Parameters.Rows, Parameters.Rows), band);
            _heads[band].Prefetch(keys[band]);
        }

        for (var band = 0; band < bands; band++)
        {
            for (var candidate = _heads[band].Head(keys[band]); candidate >= 0; candidate = _links[(candidate * bands) + band])
            {
                if (_visited[candidate] == _stamp)
                {
                    continue;
                }

                _visited[candidate] = _stamp;
                if (MinHasher.EstimateJaccard(signature, _signatures.Slice(_stored[candidate].Signature, _hasher.Permutations)) < _screen)
                {
                    continue;
                }

                if (!probeFilled)
                {
                    _probe.Clear();
                    foreach (var fingerprint in fingerprints)
                    {
                        _probe.Add(fingerprint);
                    }

                    probeFilled = true;
                }

                var stored = _stored[candidate];
                var jaccard = Jaccard(fingerprints.Length, _fingerprints.Slice(stored.Fingerprints, stored.Count));
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

        Keep(id, fingerprints, signature, keys);
        return null;
    }

    private void Keep(string id, ReadOnlySpan<uint> fingerprints, ReadOnlySpan<uint> signature, ReadOnlySpan<uint> keys)
    {
        var index = _ids.Count;
        var bands = Parameters.Bands;
        _ids.Add(id);
        _stored.Add((_fingerprints.Append(fingerprints), fingerprints.Length, _signatures.Append(signature)));
        if (_visited.Length <= index)
        {
            Array.Resize(ref _visited, Math.Max(1024, _visited.Length * 2));
            Array.Resize(ref _links, _visited.Length * bands);
        }

        for (var band = 0; band < bands; band++)
        {
            _links[(index * bands) + band] = _heads[band].Push(keys[band], index);
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
