using System.Buffers;
using System.Globalization;
using System.Text;

namespace DataGen.Quality;

/// <summary>
/// Normalises text for duplicate detection, as datatrove does: lower case, diacritics removed, digits folded to 0,
/// punctuation dropped, whitespace collapsed. Two texts that differ only in these ways are the same text.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // ASCII text has nothing to decompose; the check is vectorised and most generated text passes it.
        var decomposed = Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormD);
        var buffer = ArrayPool<char>.Shared.Rent(decomposed.Length);
        var length = 0;
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            char kept;
            if (char.IsAscii(c))
            {
                // The common case without Unicode tables: ASCII letters and digits are all there is to keep.
                if (char.IsAsciiLetter(c))
                {
                    kept = (char)(c | 0x20);
                }
                else if (char.IsAsciiDigit(c))
                {
                    kept = '0';
                }
                else
                {
                    pendingSpace |= char.IsWhiteSpace(c);
                    continue;
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (char.IsLetter(c) || char.IsDigit(c))
            {
                kept = char.IsDigit(c) ? '0' : char.ToLowerInvariant(c);
            }
            else
            {
                pendingSpace |= char.IsWhiteSpace(c);
                continue;
            }

            // Punctuation and symbols are dropped without a space (above), so "don't" and "dont" match.
            if (pendingSpace && length > 0)
            {
                buffer[length++] = ' ';
            }

            pendingSpace = false;
            buffer[length++] = kept;
        }

        var normalized = new string(buffer, 0, length);
        ArrayPool<char>.Shared.Return(buffer);
        return normalized;
    }
}
