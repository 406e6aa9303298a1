namespace DataGen.Quality.Unicode;

/// <summary>
/// Canonical decomposition (as Unicode's NFD) of one UTF-16 character, from a generated table
/// (<c>canonical_decompositions.py</c>). DataGen runs with invariant globalization, where .NET has no Unicode
/// normalization data and <see cref="string.Normalize()"/> returns non-ASCII text unchanged; this table is what lets
/// <see cref="TextNormalizer"/> remove diacritics ("é" is "e" and a combining acute accent) as its contract says.
/// </summary>
internal static partial class CanonicalDecomposition
{
    /// <summary>The character's decomposition, or an empty span when it has none (it stands for itself).</summary>
    public static ReadOnlySpan<char> Of(char c)
    {
        if (c < Keys[0])
        {
            return [];
        }

        var index = Keys.AsSpan().BinarySearch(c);
        return index < 0 ? [] : Values.AsSpan(Starts[index], Starts[index + 1] - Starts[index]);
    }
}
