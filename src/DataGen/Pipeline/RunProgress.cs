using System.Collections.Concurrent;

namespace DataGen.Pipeline;

/// <summary>
/// Live figures of a running job that a console can poll: per kind, samples requested, finished, kept and failed;
/// and the ledger's calls, tokens and cost. Thread-safe.
/// </summary>
public sealed class RunProgress
{
    private readonly ConcurrentDictionary<string, KindProgress> _kinds = new(StringComparer.Ordinal);

    /// <summary>Usage of the run, once it started.</summary>
    public UsageLedger? Ledger { get; internal set; }

    /// <summary>Kinds in the order they were started.</summary>
    public IReadOnlyList<KindProgress> Kinds => [.. _kinds.Values.OrderBy(k => k.Order)];

    internal KindProgress Start(string kind, int requested, long startedAt) =>
        _kinds.GetOrAdd(kind, k => new KindProgress(k, requested, startedAt, _kinds.Count));

    /// <summary>One kind's counters.</summary>
    public sealed class KindProgress(string kind, int requested, long startedAt, int order)
    {
        private long _done;
        private long _failed;

        public string Kind { get; } = kind;

        public int Requested { get; } = requested;

        /// <summary><see cref="TimeProvider"/> timestamp of the kind's start.</summary>
        public long StartedAt { get; } = startedAt;

        internal int Order { get; } = order;

        public long Done => Interlocked.Read(ref _done);

        public long Failed => Interlocked.Read(ref _failed);

        internal void Count(bool failed)
        {
            Interlocked.Increment(ref _done);
            if (failed)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}
