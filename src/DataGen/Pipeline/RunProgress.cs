using System.Collections.Concurrent;
using DataGen.Providers.Resilience;
using DataGen.Quality;

namespace DataGen.Pipeline;

/// <summary>
/// Live figures of a running job that a console can poll: per kind, samples requested, generated and failed, the
/// counters of the stages after generation and the samples that left the last of them; the ledger's calls, tokens and
/// cost; and the endpoints, whose calls in flight show hung calls. Thread-safe.
/// </summary>
public sealed class RunProgress
{
    private readonly ConcurrentDictionary<string, KindProgress> _kinds = new(StringComparer.Ordinal);

    /// <summary>Usage of the run, once it started.</summary>
    public UsageLedger? Ledger { get; internal set; }

    /// <summary>Every endpoint of the run's providers (empty for batch APIs, which are polled, not held open).</summary>
    public IReadOnlyList<EndpointChatClient> Endpoints { get; internal set; } = [];

    /// <summary>Kinds in the order they were started.</summary>
    public IReadOnlyList<KindProgress> Kinds => [.. _kinds.Values.OrderBy(k => k.Order)];

    internal KindProgress Start(string kind, int requested, long startedAt) =>
        _kinds.GetOrAdd(kind, k => new KindProgress(k, requested, startedAt, _kinds.Count));

    /// <summary>One kind's counters.</summary>
    public sealed class KindProgress(string kind, int requested, long startedAt, int order)
    {
        private long _done;
        private long _failed;
        private long _completed;

        public string Kind { get; } = kind;

        public int Requested { get; } = requested;

        /// <summary><see cref="TimeProvider"/> timestamp of the kind's start.</summary>
        public long StartedAt { get; } = startedAt;

        internal int Order { get; } = order;

        public long Done => Interlocked.Read(ref _done);

        public long Failed => Interlocked.Read(ref _failed);

        /// <summary>Samples that left the kind's last stage, written as rows or as rejects: the kind is finished when this reaches the samples generated.</summary>
        public long Completed => Interlocked.Read(ref _completed);

        /// <summary>Samples leaving generation (after name hygiene): what the first stage after generation takes in.</summary>
        public StageCounters? Generated { get; internal set; }

        /// <summary>Counters of the stages after generation (checks, judge, dedupe, decontamination, ...), in pipeline order.</summary>
        public IReadOnlyList<StageCounters> Stages { get; internal set; } = [];

        internal void CountCompleted() => Interlocked.Increment(ref _completed);

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
