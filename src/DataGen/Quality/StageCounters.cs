using System.Collections.Concurrent;

namespace DataGen.Quality;

/// <summary>Per-stage counts: items seen, kept, and dropped per reason. Thread-safe; written to the manifest.</summary>
public sealed class StageCounters
{
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _tallies = new(StringComparer.Ordinal);
    private long _seen;
    private long _kept;

    public StageCounters(string stage) => Stage = stage;

    public string Stage { get; }

    public long Seen => Interlocked.Read(ref _seen);

    public long Kept => Interlocked.Read(ref _kept);

    public IReadOnlyDictionary<string, long> Dropped => new SortedDictionary<string, long>(_dropped, StringComparer.Ordinal);

    /// <summary>
    /// A stage's own counts besides keep and drop (the judge's re-judge stability: <c>stability.sampled</c>, ...),
    /// summed across shards like the drops; empty for most stages.
    /// </summary>
    public IReadOnlyDictionary<string, long> Tallies => new SortedDictionary<string, long>(_tallies, StringComparer.Ordinal);

    public void Tally(string name, long count = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _tallies.AddOrUpdate(name, count, (_, n) => n + count);
    }

    public void CountKept()
    {
        Interlocked.Increment(ref _seen);
        Interlocked.Increment(ref _kept);
    }

    public void CountDropped(string reason)
    {
        Interlocked.Increment(ref _seen);
        _dropped.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }
}
