using System.Globalization;
using System.Runtime.CompilerServices;
using DataGen.Configuration;
using DataGen.Generation;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Drops near-duplicates (MinHash LSH candidates verified by exact word-shingle Jaccard ≥ threshold) with reason
/// <c>near_duplicate</c>, recording the keeper's id in <see cref="Rejection.Matched"/>. The keeper is the first sample
/// of its cluster in seed order: the stream arrives in seed order, so no buffering is needed and the result does not
/// depend on completion order. Kept samples record their own id as their cluster id.
/// </summary>
public sealed class NearDuplicateStage
{
    public const string StageName = "dedupe_near";

    private readonly NearDuplicateIndex _index;
    private readonly TimeProvider _time;

    public NearDuplicateStage(NearDuplicateOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _index = new NearDuplicateIndex(options.Threshold, options.ShingleWords, options.Permutations, options.Seed);
        _time = time;
    }

    public StageCounters Counters { get; } = new(StageName);

    public LshParameters Parameters => _index.Parameters;

    public async IAsyncEnumerable<GenerationOutcome> ProcessAsync(IAsyncEnumerable<GenerationOutcome> input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await foreach (var outcome in input.WithCancellation(cancellationToken))
        {
            if (outcome.Sample is not { } sample)
            {
                yield return outcome;
                continue;
            }

            var match = _index.AddOrMatch(sample.Id, sample.Content);
            if (match is null)
            {
                Counters.CountKept();
                yield return GenerationOutcome.Of(sample with { Quality = sample.Quality with { NearDupCluster = sample.Id } });
                continue;
            }

            Counters.CountDropped("near_duplicate");
            yield return GenerationOutcome.Of(Rejection.Of(
                sample, StageName, "near_duplicate", string.Create(CultureInfo.InvariantCulture, $"shingle Jaccard {match.Jaccard:0.000} with {match.KeeperId}"), _time.GetUtcNow(), matched: match.KeeperId));
        }
    }
}
