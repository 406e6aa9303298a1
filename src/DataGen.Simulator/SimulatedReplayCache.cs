using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Hashing;

namespace DataGen.Simulator;

/// <summary>
/// The simulator server's replay mode: each reply the simulator composes is kept, serialised, under the hash of the
/// request body that asked for it, with the latency the fault injector gave it; an identical request later is answered
/// from memory after the same latency, so serving it costs a lookup and a write instead of composing the text again.
/// <c>datagen bench</c> records one pass and measures the next, so the server's CPU stops competing with the client's
/// while the replies stay the simulator's own.
/// </summary>
internal sealed class SimulatedReplayCache
{
    private readonly ConcurrentDictionary<UInt128, RecordedReply> _replies = new();
    private long _hits;
    private long _misses;

    /// <summary>Requests answered from memory.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Requests the simulator composed a reply for (and recorded it).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Distinct request bodies recorded.</summary>
    public int Recorded => _replies.Count;

    /// <summary>The key of a request body: its 128-bit xxHash (a collision would need ~2^64 distinct bodies).</summary>
    public static UInt128 Key(ReadOnlySequence<byte> body)
    {
        var hash = new XxHash128();
        foreach (var segment in body)
        {
            hash.Append(segment.Span);
        }

        return hash.GetCurrentHashAsUInt128();
    }

    /// <summary>The recorded reply for <paramref name="key"/>, counting a hit or a miss.</summary>
    public bool TryGet(UInt128 key, out RecordedReply reply)
    {
        var found = _replies.TryGetValue(key, out reply!);
        Interlocked.Increment(ref found ? ref _hits : ref _misses);
        return found;
    }

    /// <summary>Records a reply; the first one recorded for a key wins.</summary>
    public void Add(UInt128 key, RecordedReply reply) => _replies.TryAdd(key, reply);

    /// <summary>A serialised chat completion and the latency it was served with.</summary>
    public sealed record RecordedReply(byte[] Body, TimeSpan Latency);
}
