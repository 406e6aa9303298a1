using DataGen.Generation;
using DataGen.Pipeline.Stages;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Drops samples whose normalised content equals an earlier sample's (128-bit xxHash of <see cref="TextNormalizer"/>
/// output). The first in stream order keeps; the stream is in seed order, so the keeper does not depend on timing.
/// Rejections carry the keeper's id. With earlier runs (<c>dedupe.against</c>) their rows of this kind are keyed first,
/// so a sample equal to one drops naming <c>run/row-id</c>. Memory: 16 bytes per distinct sample or earlier row.
/// </summary>
public sealed class ExactDedupeStage : FilterStage
{
    public const string StageName = "dedupe_exact";

    private readonly Dictionary<UInt128, string> _seen = [];
    private readonly Func<CancellationToken, IAsyncEnumerable<EarlierRow>>? _earlier;
    private bool _loaded;

    /// <param name="time">The clock rejections are stamped with.</param>
    /// <param name="earlier">The earlier runs' rows of this kind, keyed before the first sample; null: none.</param>
    public ExactDedupeStage(TimeProvider time, Func<CancellationToken, IAsyncEnumerable<EarlierRow>>? earlier = null)
        : base(StageName, StageScope.AllInSeedOrder, time)
    {
        _earlier = earlier;
    }

    /// <summary>Earlier runs' rows keyed so far.</summary>
    public int EarlierRows { get; private set; }

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken)
    {
        if (_loaded || _earlier is null)
        {
            return;
        }

        await foreach (var row in _earlier(cancellationToken).WithCancellation(cancellationToken))
        {
            _seen.TryAdd(KeyOf(row.Text), row.Reference);
            EarlierRows++;
        }

        _loaded = true;
    }

    /// <summary>The key two texts share when they are exact duplicates: 128-bit xxHash of the normalised text.</summary>
    public static UInt128 KeyOf(string text) => TextNormalizer.Hash128(text);

    protected override ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken)
    {
        var key = KeyOf(sample.Content);
        if (_seen.TryGetValue(key, out var keeper))
        {
            return ValueTask.FromResult(StageVerdict.Drop("duplicate", $"same normalised text as {EarlierRow.Describe(keeper)}", keeper));
        }

        _seen[key] = sample.Id;
        return ValueTask.FromResult(StageVerdict.Keep());
    }
}
