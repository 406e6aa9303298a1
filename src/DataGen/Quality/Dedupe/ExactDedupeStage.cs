using System.IO.Hashing;
using System.Text;
using DataGen.Generation;
using DataGen.Pipeline.Stages;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Drops samples whose normalised content equals an earlier sample's (128-bit xxHash of <see cref="TextNormalizer"/>
/// output). The first in stream order keeps; the stream is in seed order, so the keeper does not depend on timing.
/// Rejections carry the keeper's id. Memory: 16 bytes per distinct sample.
/// </summary>
public sealed class ExactDedupeStage : FilterStage
{
    public const string StageName = "dedupe_exact";

    private readonly Dictionary<UInt128, string> _seen = [];

    public ExactDedupeStage(TimeProvider time)
        : base(StageName, StageScope.AllInSeedOrder, time)
    {
    }

    /// <summary>The key two texts share when they are exact duplicates: 128-bit xxHash of the normalised text.</summary>
    public static UInt128 KeyOf(string text) => XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text)));

    protected override ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken)
    {
        var key = KeyOf(sample.Content);
        if (_seen.TryGetValue(key, out var keeper))
        {
            return ValueTask.FromResult(StageVerdict.Drop("duplicate", $"same normalised text as {keeper}"));
        }

        _seen[key] = sample.Id;
        return ValueTask.FromResult(StageVerdict.Keep());
    }
}
