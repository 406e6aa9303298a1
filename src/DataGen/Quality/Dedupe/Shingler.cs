using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Word n-gram shingles of <see cref="TextNormalizer"/>-normalised text, each hashed to 64 bits (xxHash64); returned
/// sorted and distinct so two sets intersect by a linear merge. A text shorter than n words is one shingle.
/// </summary>
public static class Shingler
{
    public static ulong[] Shingles(string text, int words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(words, 1);
        var normalized = TextNormalizer.Normalize(text);
        var starts = new List<int> { 0 };
        for (var i = 0; i < normalized.Length; i++)
        {
            if (normalized[i] == ' ')
            {
                starts.Add(i + 1);
            }
        }

        if (normalized.Length == 0)
        {
            return [];
        }

        var count = Math.Max(1, starts.Count - words + 1);
        var hashes = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            var start = starts[i];
            var endWord = i + words;
            var end = endWord < starts.Count ? starts[endWord] - 1 : normalized.Length;
            // The UTF-16 code units are hashed as they are: no encoding step, and equal text still gives equal hashes.
            hashes[i] = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(normalized.AsSpan(start, end - start)));
        }

        Array.Sort(hashes);
        var distinct = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (i == 0 || hashes[i] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        return hashes[..distinct];
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
}
