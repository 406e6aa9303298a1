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
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetter(c) || char.IsDigit(c))
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                sb.Append(char.IsDigit(c) ? '0' : char.ToLowerInvariant(c));
            }
            else if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
            }

            // Punctuation and symbols are dropped without a space, so "don't" and "dont" match.
        }

        return sb.ToString();
    }
}
