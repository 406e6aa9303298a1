using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DataGen.Quality;

/// <summary>
/// The whitespace-separated words of a text as lower-cased 64-bit hashes and lengths, without a string per word:
/// the repetition check and the diversity figures compare n-grams by combining these hashes.
/// </summary>
internal sealed class WordHashes
{
    private readonly ulong[] _hashes;
    private readonly int[] _prefixChars;

    private WordHashes(ulong[] hashes, int[] prefixChars, int count)
    {
        _hashes = hashes;
        _prefixChars = prefixChars;
        Count = count;
    }

    public int Count { get; }

    /// <summary>Characters in all words (whitespace excluded).</summary>
    public int TotalChars => _prefixChars[Count];

    public static WordHashes Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Two passes, the first only counting, so the arrays are allocated once at their size (no list growth and copy).
        var count = Checks.TextStats.CountWords(text);
        var hashes = new ulong[count];
        var prefix = new int[count + 1];
        Span<char> lower = stackalloc char[128];
        var i = 0;
        var w = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                break;
            }

            var word = text.AsSpan(start, i - start);
            var buffer = word.Length <= lower.Length ? lower : new char[word.Length];
            var folded = buffer[..word.ToLowerInvariant(buffer)];
            hashes[w] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(folded));
            prefix[w + 1] = prefix[w] + word.Length;
            w++;
        }

        return new WordHashes(hashes, prefix, count);
    }

    /// <summary>
    /// Hashes of the word n-grams for n = 1, then each call of <see cref="Extend"/> turns the (n-1)-gram hashes into
    /// n-gram hashes in place (one mix per n-gram, however long n is). The first <c>Count - n + 1</c> entries are valid.
    /// </summary>
    public ulong[] Unigrams()
    {
        var grams = new ulong[Count];
        for (var i = 0; i < Count; i++)
        {
            grams[i] = Mix(0xCBF29CE484222325UL, _hashes[i]);
        }

        return grams;
    }

    /// <summary>Extends <paramref name="grams"/> from (n-1)-gram to <paramref name="n"/>-gram hashes; returns how many there are.</summary>
    public int Extend(ulong[] grams, int n)
    {
        ArgumentNullException.ThrowIfNull(grams);
        var count = Math.Max(0, Count - n + 1);
        for (var i = 0; i < count; i++)
        {
            grams[i] = Mix(grams[i], _hashes[i + n - 1]);
        }

        return count;
    }

    /// <summary>Characters in the <paramref name="n"/> words starting at <paramref name="start"/>.</summary>
    public int Chars(int start, int n) => _prefixChars[start + n] - _prefixChars[start];

    private static ulong Mix(ulong hash, ulong word) => BitOperations.RotateLeft((hash ^ word) * 0x9E3779B97F4A7C15UL, 27);
}
