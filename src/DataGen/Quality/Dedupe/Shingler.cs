using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Word n-gram shingles of <see cref="TextNormalizer"/>-normalised text. Each word is hashed once (FNV-1a over its
/// normalised characters, then a 64-bit finaliser) and each shingle combines the hashes of its n words, so a
/// document costs one pass over its characters plus n multiplies per shingle. ASCII text (nearly all generated text)
/// is normalised on the fly without building the normalised string; other text goes through
/// <see cref="TextNormalizer.Normalize"/> first, with the same result. A text shorter than n words is one shingle,
/// an empty one has none. Scratch buffers are per thread and reused: the array-returning overloads allocate only their result, and the overload that writes
/// into a caller's buffer nothing at all.
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
        for (var i = 0; i < shingleCount; i++)
        {
            result[i] = ShingleHash(hashes, i, Math.Min(words, wordCount));
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
        for (var i = 0; i < shingleCount; i++)
        {
            var fingerprint = (uint)ShingleHash(hashes, i, width);
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

    // Order matters: the running value is multiplied between words, so "a b" and "b a" differ.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShingleHash(ulong[] wordHashes, int start, int width)
    {
        var h = 0x27D4EB2F165667C5UL;
        for (var k = 0; k < width; k++)
        {
            h = (h ^ wordHashes[start + k]) * 0x9E3779B97F4A7C15UL;
            h = BitOperations.RotateLeft(h, 29);
        }

        return Mix(h);
    }

    /// <summary>Hashes each normalised word into the thread's word buffer; returns the word count.</summary>
    private static int WordHashes(string text, out ulong[] hashes)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Non-ASCII text needs Unicode decomposition and tables; the normalised string it gives is ASCII-shaped
        // (letters, '0', single spaces), so the same loop below reads it unchanged.
        var source = Ascii.IsValid(text) ? text : TextNormalizer.Normalize(text);
        hashes = Rent(ref t_words, (source.Length / 2) + 1);
        const ulong offset = 0xCBF29CE484222325UL;
        const ulong prime = 0x100000001B3UL;
        var count = 0;
        var hash = offset;
        var inWord = false;
        var pendingSpace = false;
        foreach (var c in source)
        {
            char kept;
            if (char.IsAsciiLetter(c))
            {
                kept = (char)(c | 0x20);
            }
            else if (char.IsAsciiDigit(c))
            {
                kept = '0';
            }
            else if (c < 128)
            {
                // As TextNormalizer: whitespace separates words, other ASCII (punctuation) is dropped without a
                // break, so "don't" and "dont" are one word.
                pendingSpace |= char.IsWhiteSpace(c);
                continue;
            }
            else
            {
                kept = c;
            }

            if (pendingSpace && inWord)
            {
                hashes[count++] = Mix(hash);
                hash = offset;
            }

            pendingSpace = false;
            inWord = true;
            hash = (hash ^ kept) * prime;
        }

        if (inWord)
        {
            hashes[count++] = Mix(hash);
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
