using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Word n-gram shingles of <see cref="TextNormalizer"/>-normalised text. Each word is hashed once (its normalised
/// characters packed four to a 64-bit lane, one multiply per lane, then a 64-bit finaliser) and each shingle combines
/// the hashes of its n words, rolled from the previous shingle's, so a document costs one pass over its characters
/// plus a few multiplies per shingle. ASCII text (nearly all generated text) is normalised on the fly without building
/// the normalised string; other text goes through <see cref="TextNormalizer.Normalize"/> first, with the same result.
/// A text shorter than n words is one shingle, an empty one has none. Scratch buffers are per thread and reused: the
/// array-returning overloads allocate only their result, and the overload that writes into a caller's buffer nothing.
/// </summary>
public static class Shingler
{
    [ThreadStatic]
    private static ulong[]? t_words;

    [ThreadStatic]
    private static uint[]? t_table;

    [ThreadStatic]
    private static uint[]? t_distinct;

    /// <summary>The 64-bit shingle hashes, sorted and distinct so two sets intersect by a linear merge.</summary>
    public static ulong[] Shingles(string text, int words)
    {
        var wordCount = WordHashes(text, out var hashes);
        var shingleCount = ShingleCount(wordCount, words);
        var result = new ulong[shingleCount];
        var roller = new ShingleRoller(hashes, Math.Min(words, wordCount));
        for (var i = 0; i < shingleCount; i++)
        {
            result[i] = roller.Next(i);
        }

        Array.Sort(result);
        var distinct = 0;
        for (var i = 0; i < result.Length; i++)
        {
            if (i == 0 || result[i] != result[distinct - 1])
            {
                result[distinct++] = result[i];
            }
        }

        return distinct == result.Length ? result : result[..distinct];
    }

    /// <summary>
    /// Distinct 32-bit shingle fingerprints (the low half of the 64-bit hash, never 0), in first-seen order. Two
    /// distinct shingles of a ~280-word pair share a fingerprint with odds of about 1 in 50,000, which moves their
    /// Jaccard by about 1/550: for a 0.8 threshold, exact in practice, at half the memory of 64-bit hashes.
    /// </summary>
    public static uint[] Fingerprints(string text, int words)
    {
        var scratch = Rent(ref t_distinct, 1024);
        var count = Fingerprints(text, words, ref scratch, 0);
        t_distinct = scratch;
        return scratch.AsSpan(0, count).ToArray();
    }

    /// <summary>
    /// Writes the distinct fingerprints of <paramref name="text"/> (as <see cref="Fingerprints(string, int)"/>) into
    /// <paramref name="destination"/> from <paramref name="at"/> and returns how many there are. A destination too
    /// short for the text's shingles is replaced by a larger one holding the same first <paramref name="at"/> values,
    /// so a caller reuses one buffer for many documents and allocates nothing per document.
    /// </summary>
    internal static int Fingerprints(string text, int words, ref uint[] destination, int at)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(at);
        var wordCount = WordHashes(text, out var hashes);
        var shingleCount = ShingleCount(wordCount, words);
        if (shingleCount == 0)
        {
            return 0;
        }

        if (destination.Length - at < shingleCount)
        {
            // Uninitialised: every slot up to `at` is copied and every one after it written before it is read.
            var grown = GC.AllocateUninitializedArray<uint>(Math.Max(at + shingleCount, destination.Length * 2));
            destination.AsSpan(0, at).CopyTo(grown);
            destination = grown;
        }

        var width = Math.Min(words, wordCount);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)shingleCount * 2);
        var table = Rent(ref t_table, size);
        table.AsSpan(0, size).Clear();
        var distinct = destination.AsSpan(at, shingleCount);
        var count = 0;
        var mask = size - 1;
        var shift = 32 - BitOperations.Log2((uint)size);
        var roller = new ShingleRoller(hashes, width);
        for (var i = 0; i < shingleCount; i++)
        {
            var fingerprint = (uint)roller.Next(i);
            fingerprint = fingerprint == 0 ? 1 : fingerprint;
            // Fibonacci hashing: the top bits of the product index the table.
            var slot = size == 1 ? 0 : (int)((fingerprint * 0x9E3779B1u) >> shift);
            while (table[slot] != 0 && table[slot] != fingerprint)
            {
                slot = (slot + 1) & mask;
            }

            if (table[slot] == 0)
            {
                table[slot] = fingerprint;
                distinct[count++] = fingerprint;
            }
        }

        return count;
    }

    /// <summary>Exact Jaccard similarity of two sorted, distinct shingle sets.</summary>
    public static double Jaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)common / (a.Length + b.Length - common);
    }

    private static int ShingleCount(int wordCount, int words)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(words, 1);
        return wordCount == 0 ? 0 : Math.Max(1, wordCount - words + 1);
    }

    // A shingle's hash is Mix(Σₖ word[start + k] · P^(width − 1 − k)) mod 2⁶⁴: order matters ("a b" and "b a"
    // differ), and each next shingle's sum rolls from the last one in two multiplies, where hashing its words afresh
    // took a chain of `width`.
    private struct ShingleRoller
    {
        private const ulong P = 0x9E3779B97F4A7C15UL;
        private readonly ulong[] _words;
        private readonly int _width;
        private readonly ulong _top;
        private ulong _sum;

        public ShingleRoller(ulong[] words, int width)
        {
            _words = words;
            _width = width;
            _top = 1;
            for (var k = 0; k < width - 1; k++)
            {
                _top *= P;
            }

            for (var k = 0; k < width; k++)
            {
                _sum = (_sum * P) + words[k];
            }
        }

        /// <summary>The hash of shingle <paramref name="start"/>; called for 0, 1, 2, ... in turn.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Next(int start)
        {
            if (start > 0)
            {
                _sum = ((_sum - (_words[start - 1] * _top)) * P) + _words[start + _width - 1];
            }

            return Mix(_sum);
        }
    }

    /// <summary>Hashes each normalised word into the thread's word buffer; returns the word count.</summary>
    private static int WordHashes(string text, out ulong[] hashes)
    {
        ArgumentNullException.ThrowIfNull(text);
        hashes = Rent(ref t_words, (text.Length / 2) + 1);
        var count = WordHashes(text, hashes, normalized: false);
        if (count >= 0)
        {
            return count;
        }

        // Non-ASCII text needs Unicode decomposition and tables; the normalised string it gives is ASCII-shaped
        // (letters, '0', single spaces), so the same loop reads it unchanged.
        var normalized = TextNormalizer.Normalize(text);
        hashes = Rent(ref t_words, (normalized.Length / 2) + 1);
        return WordHashes(normalized, hashes, normalized: true);
    }

    // -1 when raw (not yet normalised) text turns out not to be ASCII: the caller normalises it and comes back.
    // A word's kept characters are packed four to a 64-bit lane (16 bits each, never 0, so the packing is one to one)
    // and each full lane costs one multiply: a quarter of the dependent multiplies of hashing character by character.
    private static int WordHashes(string source, ulong[] hashes, bool normalized)
    {
        const ulong seed = 0xCBF29CE484222325UL;
        const ulong prime = 0x9E3779B97F4A7C15UL;
        var classes = TextNormalizer.AsciiClasses;
        var count = 0;
        var hash = seed;
        var lane = 0UL;
        var inLane = 0;
        var inWord = false;
        var pendingSpace = false;
        foreach (var c in source)
        {
            char kept;
            if (c < 128)
            {
                var kind = classes[c];
                if (kind <= TextNormalizer.SpaceClass)
                {
                    pendingSpace |= kind == TextNormalizer.SpaceClass;
                    continue;
                }

                kept = (char)kind;
            }
            else if (!normalized)
            {
                return -1;
            }
            else
            {
                kept = c;
            }

            if (pendingSpace && inWord)
            {
                hashes[count++] = Mix((hash ^ lane) * prime);
                hash = seed;
                lane = 0;
                inLane = 0;
            }

            pendingSpace = false;
            inWord = true;
            lane = (lane << 16) | kept;
            if (++inLane == 4)
            {
                hash = BitOperations.RotateLeft((hash ^ lane) * prime, 31);
                lane = 0;
                inLane = 0;
            }
        }

        if (inWord)
        {
            hashes[count++] = Mix((hash ^ lane) * prime);
        }

        return count;
    }

    // The murmur3 64-bit finaliser: FNV's low bits are weak, and shingles and fingerprints use every bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        return h ^ (h >> 33);
    }

    private static T[] Rent<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new T[Math.Max(length, 1024)];
        }

        return buffer;
    }
}
