using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using DataGen.Generation;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Drops samples whose normalised content equals an earlier sample's (128-bit xxHash of <see cref="TextNormalizer"/>
/// output). The first in stream order keeps; the stream is in seed order, so the keeper does not depend on timing.
/// Rejections carry the keeper's id. Memory: 16 bytes per distinct sample.
/// </summary>
public sealed class ExactDedupeStage
{
    public const string StageName = "dedupe_exact";

    private readonly Dictionary<UInt128, string> _seen = [];

    public ExactDedupeStage(TimeProvider time) => Time = time;

    public StageCounters Counters { get; } = new(StageName);

    private TimeProvider Time { get; }

    /// <summary>The key two texts share when they are exact duplicates: 128-bit xxHash of the normalised text.</summary>
    public static UInt128 KeyOf(string text) => XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text)));

    /// <summary>Passes rejections through untouched and filters samples.</summary>
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

            var key = KeyOf(sample.Content);
            if (_seen.TryGetValue(key, out var keeper))
            {
                Counters.CountDropped("duplicate");
                yield return GenerationOutcome.Of(Rejection.Of(sample, StageName, "duplicate", $"same normalised text as {keeper}", Time.GetUtcNow()));
                continue;
            }

            _seen[key] = sample.Id;
            Counters.CountKept();
            yield return outcome;
        }
    }
}
