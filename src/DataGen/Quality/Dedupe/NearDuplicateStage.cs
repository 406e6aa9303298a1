using System.Globalization;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Pipeline.Stages;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Drops near-duplicates (MinHash LSH candidates verified by exact word-shingle Jaccard ≥ threshold) with reason
/// <c>near_duplicate</c>, recording the keeper's id in <see cref="Rejection.Matched"/>. The keeper is the first sample
/// of its cluster in seed order: the stream arrives in seed order, so no buffering is needed and the result does not
/// depend on completion order. Kept samples record their own id as their cluster id. With earlier runs
/// (<c>dedupe.against</c>) their rows of this kind are indexed first, under <c>run/row-id</c>, so a sample near one of
/// them drops naming it.
/// </summary>
public sealed class NearDuplicateStage : FilterStage
{
    public const string StageName = "dedupe_near";

    private const int LoadBatch = 4_096;

    private readonly NearDuplicateIndex _index;
    private readonly Func<CancellationToken, IAsyncEnumerable<EarlierRow>>? _earlier;
    private bool _loaded;

    /// <param name="options">Threshold, shingle size and permutations.</param>
    /// <param name="time">The clock rejections are stamped with.</param>
    /// <param name="earlier">The earlier runs' rows of this kind, indexed before the first sample; null: none.</param>
    public NearDuplicateStage(NearDuplicateOptions options, TimeProvider time, Func<CancellationToken, IAsyncEnumerable<EarlierRow>>? earlier = null)
        : base(StageName, StageScope.AllInSeedOrder, time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _index = new NearDuplicateIndex(options.Threshold, options.ShingleWords, options.Permutations, options.Seed);
        _earlier = earlier;
    }

    /// <summary>Earlier runs' rows read so far (a row near an earlier one is not indexed again).</summary>
    public int EarlierRows { get; private set; }

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken)
    {
        if (_loaded || _earlier is null)
        {
            return;
        }

        // Batches shingle over the cores (AddOrMatchAll); only the index keeps anything of a row.
        var ids = new List<string>(LoadBatch);
        var texts = new List<string>(LoadBatch);
        await foreach (var row in _earlier(cancellationToken).WithCancellation(cancellationToken))
        {
            ids.Add(row.Reference);
            texts.Add(row.Text);
            if (ids.Count == LoadBatch)
            {
                Flush();
            }
        }

        Flush();
        _loaded = true;

        void Flush()
        {
            _index.AddOrMatchAll(ids, texts);
            EarlierRows += ids.Count;
            ids.Clear();
            texts.Clear();
        }
    }

    public LshParameters Parameters => _index.Parameters;

    protected override ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken)
    {
        var match = _index.AddOrMatch(sample.Id, sample.Content);
        return ValueTask.FromResult(match is null
            ? StageVerdict.Keep(sample with { Quality = sample.Quality with { NearDupCluster = sample.Id } })
            : StageVerdict.Drop("near_duplicate", string.Create(CultureInfo.InvariantCulture, $"shingle Jaccard {match.Jaccard:0.000} with {EarlierRow.Describe(match.KeeperId)}"), match.KeeperId));
    }
}
