using System.Numerics;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// MinHash signatures over 64-bit shingle hashes. Permutation i is the multiply-shift hash
/// <c>(a_i · x + b_i) >> 32</c> with odd <c>a_i</c> (Dietzfelbinger), drawn from a seeded SplitMix64 stream, so
/// signatures are the same on every machine and run.
/// </summary>
public sealed class MinHasher
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;

    public MinHasher(int permutations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        var state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        for (var i = 0; i < permutations; i++)
        {
            _a[i] = Next(ref state) | 1UL;
            _b[i] = Next(ref state);
        }
    }

    public int Permutations => _a.Length;

    public uint[] Signature(ReadOnlySpan<ulong> shingles)
    {
        var signature = new uint[_a.Length];
        Array.Fill(signature, uint.MaxValue);
        for (var p = 0; p < _a.Length; p++)
        {
            var a = _a[p];
            var b = _b[p];
            var min = uint.MaxValue;
            foreach (var x in shingles)
            {
                var h = (uint)((a * x + b) >> 32);
                if (h < min)
                {
                    min = h;
                }
            }

            signature[p] = min;
        }

        return signature;
    }

    /// <summary>Share of equal positions: an estimate of the Jaccard similarity of the two shingle sets.</summary>
    public static double EstimateJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var length = Math.Min(a.Length, b.Length);
        var equal = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= length - Vector<uint>.Count; i += Vector<uint>.Count)
            {
                // An equal lane is all ones (-1 as int), so subtracting the mask counts it.
                equal -= Vector.Sum(Vector.AsVectorInt32(Vector.Equals(new Vector<uint>(a[i..]), new Vector<uint>(b[i..]))));
            }
        }

        for (; i < length; i++)
        {
            equal += a[i] == b[i] ? 1 : 0;
        }

        return (double)equal / a.Length;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
