using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// MinHash signatures over 32-bit shingle fingerprints. Permutation i is Dietzfelbinger's multiply-add-shift hash
/// <c>(a_i · x + b_i) mod 2⁶⁴ >> 32</c> with 64-bit <c>a_i</c>, <c>b_i</c> drawn from a seeded SplitMix64 stream (for
/// 32-bit keys this family is universal), so signatures are the same on every machine, run and instruction set.
/// <see cref="Signature(ReadOnlySpan{uint})"/> takes the widest path the CPU has: eight permutations per instruction
/// with AVX-512, four with AVX2, one otherwise. Every path computes the same integers.
/// </summary>
public sealed class MinHasher
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;
    // a split in halves: x < 2³², so a·x mod 2⁶⁴ = aLo·x + ((aHi·x) << 32), two 32×32→64 multiplies (vpmuludq) that
    // AVX2 and AVX-512F both have, where a 64×64 multiply needs AVX-512DQ or a three-multiply emulation.
    private readonly ulong[] _aLow;
    private readonly ulong[] _aHigh;

    public MinHasher(int permutations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        _aLow = new ulong[permutations];
        _aHigh = new ulong[permutations];
        var state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
        for (var i = 0; i < permutations; i++)
        {
            _a[i] = Next(ref state) | 1UL;
            _b[i] = Next(ref state);
            _aLow[i] = _a[i] & 0xFFFF_FFFFUL;
            _aHigh[i] = _a[i] >> 32;
        }
    }

    /// <summary>Which instructions compute a signature.</summary>
    public enum Path
    {
        Scalar,
        Vector256,
        Vector512,
    }

    public int Permutations => _a.Length;

    /// <summary>The widest path this CPU runs.</summary>
    public static Path Best =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? Path.Vector512 : Avx2.IsSupported ? Path.Vector256 : Path.Scalar;

    /// <summary>True when this CPU can run <paramref name="path"/>.</summary>
    public static bool IsSupported(Path path) => path switch
    {
        Path.Vector512 => Avx512F.IsSupported,
        Path.Vector256 => Avx2.IsSupported,
        _ => true,
    };

    public uint[] Signature(ReadOnlySpan<uint> shingles) => Signature(shingles, Best);

    /// <summary>The signature computed on <paramref name="path"/> (for tests and benchmarks; the result never depends on it).</summary>
    public uint[] Signature(ReadOnlySpan<uint> shingles, Path path)
    {
        var signature = new uint[_a.Length];
        Signature(shingles, signature, path);
        return signature;
    }

    /// <summary>Writes the signature into <paramref name="signature"/> (one entry per permutation).</summary>
    public void Signature(ReadOnlySpan<uint> shingles, Span<uint> signature, Path path)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(signature.Length, _a.Length);
        if (!IsSupported(path))
        {
            throw new PlatformNotSupportedException($"MinHash path {path} needs instructions this CPU lacks");
        }

        var done = path switch
        {
            Path.Vector512 => Signature512(shingles, signature),
            Path.Vector256 => Signature256(shingles, signature),
            _ => 0,
        };
        SignatureScalar(shingles, signature, done);
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

    // min over x of (a·x + b) >> 32 equals (min over x of a·x + b) >> 32, since the shift is monotone: the loops keep
    // 64-bit minima and shift once at the end.
    private void SignatureScalar(ReadOnlySpan<uint> shingles, Span<uint> signature, int from)
    {
        for (var p = from; p < _a.Length; p++)
        {
            var a = _a[p];
            var b = _b[p];
            var min = ulong.MaxValue;
            foreach (var x in shingles)
            {
                var h = (a * x) + b;
                if (h < min)
                {
                    min = h;
                }
            }

            signature[p] = (uint)(min >> 32);
        }
    }

    // Four vectors of permutations per pass over the shingles: the multipliers stay in registers, and each shingle
    // is loaded once per 32 permutations.
    private int Signature512(ReadOnlySpan<uint> shingles, Span<uint> signature)
    {
        const int lanes = 8;
        var p = 0;
        ref var aLow = ref MemoryMarshal.GetArrayDataReference(_aLow);
        ref var aHigh = ref MemoryMarshal.GetArrayDataReference(_aHigh);
        ref var bs = ref MemoryMarshal.GetArrayDataReference(_b);
        for (; p <= _a.Length - (4 * lanes); p += 4 * lanes)
        {
            var lo0 = Vector512.LoadUnsafe(ref aLow, (nuint)p).AsUInt32();
            var lo1 = Vector512.LoadUnsafe(ref aLow, (nuint)(p + lanes)).AsUInt32();
            var lo2 = Vector512.LoadUnsafe(ref aLow, (nuint)(p + (2 * lanes))).AsUInt32();
            var lo3 = Vector512.LoadUnsafe(ref aLow, (nuint)(p + (3 * lanes))).AsUInt32();
            var hi0 = Vector512.LoadUnsafe(ref aHigh, (nuint)p).AsUInt32();
            var hi1 = Vector512.LoadUnsafe(ref aHigh, (nuint)(p + lanes)).AsUInt32();
            var hi2 = Vector512.LoadUnsafe(ref aHigh, (nuint)(p + (2 * lanes))).AsUInt32();
            var hi3 = Vector512.LoadUnsafe(ref aHigh, (nuint)(p + (3 * lanes))).AsUInt32();
            var b0 = Vector512.LoadUnsafe(ref bs, (nuint)p);
            var b1 = Vector512.LoadUnsafe(ref bs, (nuint)(p + lanes));
            var b2 = Vector512.LoadUnsafe(ref bs, (nuint)(p + (2 * lanes)));
            var b3 = Vector512.LoadUnsafe(ref bs, (nuint)(p + (3 * lanes)));
            var m0 = Vector512<ulong>.AllBitsSet;
            var m1 = m0;
            var m2 = m0;
            var m3 = m0;
            foreach (var shingle in shingles)
            {
                var x = Vector512.Create((ulong)shingle).AsUInt32();
                m0 = Avx512F.Min(m0, Hash512(lo0, hi0, b0, x));
                m1 = Avx512F.Min(m1, Hash512(lo1, hi1, b1, x));
                m2 = Avx512F.Min(m2, Hash512(lo2, hi2, b2, x));
                m3 = Avx512F.Min(m3, Hash512(lo3, hi3, b3, x));
            }

            Store512(m0, signature[p..]);
            Store512(m1, signature[(p + lanes)..]);
            Store512(m2, signature[(p + (2 * lanes))..]);
            Store512(m3, signature[(p + (3 * lanes))..]);
        }

        for (; p <= _a.Length - lanes; p += lanes)
        {
            var lo = Vector512.LoadUnsafe(ref aLow, (nuint)p).AsUInt32();
            var hi = Vector512.LoadUnsafe(ref aHigh, (nuint)p).AsUInt32();
            var b = Vector512.LoadUnsafe(ref bs, (nuint)p);
            var m = Vector512<ulong>.AllBitsSet;
            foreach (var shingle in shingles)
            {
                m = Avx512F.Min(m, Hash512(lo, hi, b, Vector512.Create((ulong)shingle).AsUInt32()));
            }

            Store512(m, signature[p..]);
        }

        return p;
    }

    private int Signature256(ReadOnlySpan<uint> shingles, Span<uint> signature)
    {
        const int lanes = 4;
        var p = 0;
        ref var aLow = ref MemoryMarshal.GetArrayDataReference(_aLow);
        ref var aHigh = ref MemoryMarshal.GetArrayDataReference(_aHigh);
        ref var bs = ref MemoryMarshal.GetArrayDataReference(_b);
        for (; p <= _a.Length - (4 * lanes); p += 4 * lanes)
        {
            var lo0 = Vector256.LoadUnsafe(ref aLow, (nuint)p).AsUInt32();
            var lo1 = Vector256.LoadUnsafe(ref aLow, (nuint)(p + lanes)).AsUInt32();
            var lo2 = Vector256.LoadUnsafe(ref aLow, (nuint)(p + (2 * lanes))).AsUInt32();
            var lo3 = Vector256.LoadUnsafe(ref aLow, (nuint)(p + (3 * lanes))).AsUInt32();
            var hi0 = Vector256.LoadUnsafe(ref aHigh, (nuint)p).AsUInt32();
            var hi1 = Vector256.LoadUnsafe(ref aHigh, (nuint)(p + lanes)).AsUInt32();
            var hi2 = Vector256.LoadUnsafe(ref aHigh, (nuint)(p + (2 * lanes))).AsUInt32();
            var hi3 = Vector256.LoadUnsafe(ref aHigh, (nuint)(p + (3 * lanes))).AsUInt32();
            var b0 = Vector256.LoadUnsafe(ref bs, (nuint)p);
            var b1 = Vector256.LoadUnsafe(ref bs, (nuint)(p + lanes));
            var b2 = Vector256.LoadUnsafe(ref bs, (nuint)(p + (2 * lanes)));
            var b3 = Vector256.LoadUnsafe(ref bs, (nuint)(p + (3 * lanes)));
            var m0 = Vector256<ulong>.AllBitsSet;
            var m1 = m0;
            var m2 = m0;
            var m3 = m0;
            foreach (var shingle in shingles)
            {
                var x = Vector256.Create((ulong)shingle).AsUInt32();
                m0 = Min256(m0, Hash256(lo0, hi0, b0, x));
                m1 = Min256(m1, Hash256(lo1, hi1, b1, x));
                m2 = Min256(m2, Hash256(lo2, hi2, b2, x));
                m3 = Min256(m3, Hash256(lo3, hi3, b3, x));
            }

            Store256(m0, signature[p..]);
            Store256(m1, signature[(p + lanes)..]);
            Store256(m2, signature[(p + (2 * lanes))..]);
            Store256(m3, signature[(p + (3 * lanes))..]);
        }

        for (; p <= _a.Length - lanes; p += lanes)
        {
            var lo = Vector256.LoadUnsafe(ref aLow, (nuint)p).AsUInt32();
            var hi = Vector256.LoadUnsafe(ref aHigh, (nuint)p).AsUInt32();
            var b = Vector256.LoadUnsafe(ref bs, (nuint)p);
            var m = Vector256<ulong>.AllBitsSet;
            foreach (var shingle in shingles)
            {
                m = Min256(m, Hash256(lo, hi, b, Vector256.Create((ulong)shingle).AsUInt32()));
            }

            Store256(m, signature[p..]);
        }

        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Hash512(Vector512<uint> aLow, Vector512<uint> aHigh, Vector512<ulong> b, Vector512<uint> x) =>
        Avx512F.Multiply(aLow, x) + Avx512F.ShiftLeftLogical(Avx512F.Multiply(aHigh, x), 32) + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Hash256(Vector256<uint> aLow, Vector256<uint> aHigh, Vector256<ulong> b, Vector256<uint> x) =>
        Avx2.Multiply(aLow, x) + Avx2.ShiftLeftLogical(Avx2.Multiply(aHigh, x), 32) + b;

    // AVX2 has no unsigned 64-bit minimum; Vector256.Min picks vpminuq where AVX-512VL has it and a compare-and-blend
    // otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Min256(Vector256<ulong> left, Vector256<ulong> right) => Vector256.Min(left, right);

    private static void Store512(Vector512<ulong> minima, Span<uint> destination)
    {
        var high = Vector512.ShiftRightLogical(minima, 32);
        for (var i = 0; i < Vector512<ulong>.Count; i++)
        {
            destination[i] = (uint)high.GetElement(i);
        }
    }

    private static void Store256(Vector256<ulong> minima, Span<uint> destination)
    {
        var high = Vector256.ShiftRightLogical(minima, 32);
        for (var i = 0; i < Vector256<ulong>.Count; i++)
        {
            destination[i] = (uint)high.GetElement(i);
        }
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
