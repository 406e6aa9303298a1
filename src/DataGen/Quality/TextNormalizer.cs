using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using DataGen.Quality.Unicode;

namespace DataGen.Quality;

/// <summary>
/// Normalises text for duplicate detection, as datatrove does: lower case, diacritics removed, digits folded to 0,
/// punctuation dropped, whitespace collapsed. Two texts that differ only in these ways are the same text.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var buffer = Write(text, out var length);
        var normalized = new string(buffer, 0, length);
        ArrayPool<char>.Shared.Return(buffer);
        return normalized;
    }

    /// <summary>
    /// The 128-bit xxHash of the UTF-8 bytes of <see cref="Normalize"/>'s result, without building that string or its
    /// bytes (both go through pooled buffers): the exact-dedupe key, equal for two texts exactly when their normalised
    /// forms are equal (but for a 128-bit collision).
    /// </summary>
    public static UInt128 Hash128(string text)
    {
        var buffer = Write(text, out var length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length));
        try
        {
            var count = Encoding.UTF8.GetBytes(buffer.AsSpan(0, length), bytes);
            return XxHash128.HashToUInt128(bytes.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    // The normalised text into a buffer rented from the shared pool (the caller returns it); its length in `length`.
    private static char[] Write(string text, out int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        // ASCII text has nothing to decompose (the check is vectorised and most generated text passes it); other text
        // can grow by its decompositions, at most MaxLength characters for one.
        var ascii = Ascii.IsValid(text);
        var buffer = ArrayPool<char>.Shared.Rent(ascii ? text.Length : text.Length * CanonicalDecomposition.MaxLength);
        length = 0;
        var pendingSpace = false;
        if (ascii)
        {
            // One table read per character: its folded form, or a break, or nothing.
            var classes = AsciiClasses;
            foreach (var c in text)
            {
                var kind = classes[c];
                if (kind <= SpaceClass)
                {
                    pendingSpace |= kind == SpaceClass;
                    continue;
                }

                if (pendingSpace && length > 0)
                {
                    buffer[length++] = ' ';
                }

                pendingSpace = false;
                buffer[length++] = (char)kind;
            }

            return buffer;
        }

        foreach (var c in text)
        {
            // A character without a decomposition (every ASCII one among them) stands for itself.
            var parts = CanonicalDecomposition.Of(c);
            if (parts.IsEmpty)
            {
                Append(c, buffer, ref length, ref pendingSpace);
                continue;
            }

            foreach (var part in parts)
            {
                Append(part, buffer, ref length, ref pendingSpace);
            }
        }

        return buffer;
    }

    /// <summary>An ASCII character that is dropped without a break (punctuation, symbols, controls).</summary>
    internal const byte DroppedClass = 0;

    /// <summary>An ASCII character that breaks words (whitespace).</summary>
    internal const byte SpaceClass = 1;

    /// <summary>
    /// Per ASCII character, what normalisation makes of it: a letter its lower case, a digit '0', whitespace
    /// <see cref="SpaceClass"/>, anything else <see cref="DroppedClass"/> (so "don't" and "dont" are one word). One
    /// table read per character in place of four tests; the shingler reads the same table.
    /// </summary>
    internal static readonly byte[] AsciiClasses = [.. Enumerable.Range(0, 128).Select(i => (char)i).Select(c =>
        char.IsAsciiLetter(c) ? (byte)(c | 0x20) : char.IsAsciiDigit(c) ? (byte)'0' : char.IsWhiteSpace(c) ? SpaceClass : DroppedClass)];

    // One character of the decomposed text: kept (folded), dropped, or a word break.
    private static void Append(char c, char[] buffer, ref int length, ref bool pendingSpace)
    {
        char kept;
        if (char.IsAscii(c))
        {
            var kind = AsciiClasses[c];
            if (kind <= SpaceClass)
            {
                pendingSpace |= kind == SpaceClass;
                return;
            }

            kept = (char)kind;
        }
        else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
        {
            return;
        }
        else if (char.IsLetter(c) || char.IsDigit(c))
        {
            kept = char.IsDigit(c) ? '0' : char.ToLowerInvariant(c);
        }
        else
        {
            pendingSpace |= char.IsWhiteSpace(c);
            return;
        }

        // Punctuation and symbols are dropped without a space (above), so "don't" and "dont" match.
        if (pendingSpace && length > 0)
        {
            buffer[length++] = ' ';
        }

        pendingSpace = false;
        buffer[length++] = kept;
    }
}
