using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// One LSH band's buckets: 32-bit bucket key → the newest kept document in it, as an open-addressing table of 64-bit
/// slots (key in the low half, document + 1 in the high half, 0 for empty) with linear probing. One array and one
/// cache line per lookup, where a <see cref="Dictionary{TKey, TValue}"/> reads a bucket array and then an entry
/// array, and about 8 to 16 bytes per key against its 20 to 40. Keys come from a 64-bit mix, so their bits are
/// already uniform.
/// </summary>
internal sealed class BandBuckets
{
    private const int InitialCapacity = 1024;
    private ulong[] _slots = new ulong[InitialCapacity];
    private int _shift = 32 - BitOperations.Log2(InitialCapacity);
    private int _count;

    public int Count => _count;

    /// <summary>
    /// Starts loading the cache line <paramref name="key"/>'s lookup reads first: a caller with one key per band
    /// prefetches all of them before the first <see cref="Head"/>, so the tables' cache misses overlap rather than queue.
    /// </summary>
    public unsafe void Prefetch(uint key)
    {
        if (Sse.IsSupported)
        {
            fixed (ulong* slots = _slots)
            {
                Sse.Prefetch0(slots + Home(key));
            }
        }
    }

    /// <summary>The newest document in bucket <paramref name="key"/>, or -1 when it is empty.</summary>
    public int Head(uint key)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(key); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                return -1;
            }

            if ((uint)slot == key)
            {
                return (int)(slot >> 32) - 1;
            }
        }
    }

    /// <summary>Makes <paramref name="document"/> the newest in bucket <paramref name="key"/>; returns the previous newest, or -1.</summary>
    public int Push(uint key, int document)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(document);
        // At most 70% full: linear probing's misses (most lookups: most documents share no band) stay short.
        if ((long)(_count + 1) * 10 > (long)_slots.Length * 7)
        {
            Grow();
        }

        var mask = _slots.Length - 1;
        var entry = ((ulong)(uint)(document + 1) << 32) | key;
        for (var i = Home(key); ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot == 0)
            {
                _slots[i] = entry;
                _count++;
                return -1;
            }

            if ((uint)slot == key)
            {
                _slots[i] = entry;
                return (int)(slot >> 32) - 1;
            }
        }
    }

    // Fibonacci hashing: the top bits of the product pick the home slot.
    private int Home(uint key) => (int)((key * 0x9E3779B1u) >> _shift) & (_slots.Length - 1);

    private void Grow()
    {
        var old = _slots;
        _slots = HugePageArrays.Allocate<ulong>(old.Length * 2);
        _shift--;
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot == 0)
            {
                continue;
            }

            var i = Home((uint)slot);
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = slot;
        }
    }
}
