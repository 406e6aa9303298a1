using System.Globalization;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Pipeline.Stages;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Drops near-duplicates (MinHash LSH candidates verified by exact word-shingle Jaccard ≥ threshold) with reason
/// <c>near_duplicate</c>, recording the keeper's id in <see cref="Rejection.Matched"/>. The keeper is the first sample
/// of its cluster in seed order: the stream arrives in seed order, so no buffering is needed and the result does not
/// depend on completion order. Kept samples record their own id as their cluster id.
/// </summary>
public sealed class NearDuplicateStage : FilterStage
{
    public const string StageName = "dedupe_near";

    private readonly NearDuplicateIndex _index;

    public NearDuplicateStage(NearDuplicateOptions options, TimeProvider time)
        : base(StageName, StageScope.AllInSeedOrder, time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _index = new NearDuplicateIndex(options.Threshold, options.ShingleWords, options.Permutations, options.Seed);
    }

    public LshParameters Parameters => _index.Parameters;

    protected override ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken)
    {
        var match = _index.AddOrMatch(sample.Id, sample.Content);
        return ValueTask.FromResult(match is null
            ? StageVerdict.Keep(sample with { Quality = sample.Quality with { NearDupCluster = sample.Id } })
            : StageVerdict.Drop("near_duplicate", string.Create(CultureInfo.InvariantCulture, $"shingle Jaccard {match.Jaccard:0.000} with {match.KeeperId}"), match.KeeperId));
    }
}
