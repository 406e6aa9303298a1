using System.Text.RegularExpressions;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// One held-out evaluation item: its id (as the file names it), its text, the file it came from, and its family
/// (blackmail, replacement, ...: the kind of situation it tests), null when the file gives none. A template's
/// <c>${var}</c> placeholders stay in <see cref="Text"/> and are wildcards in matching: shingles never span one
/// (<see cref="Segments"/>), and the content-word and embedding signals read <see cref="MatchText"/>, where each is
/// left out.
/// </summary>
public sealed partial record EvalItem(string Id, string Text, string Source, string? Family = null)
{
    /// <summary>The literal stretches between placeholders (the whole text when it has none).</summary>
    public IReadOnlyList<string> Segments => [.. Placeholder().Split(Text).Select(s => s.Trim()).Where(s => s.Length > 0)];

    /// <summary>The text with every placeholder left out.</summary>
    public string MatchText => Placeholder().IsMatch(Text) ? Placeholder().Replace(Text, " ") : Text;

    [GeneratedRegex(@"\$\{[^}\r\n]{1,80}\}")]
    private static partial Regex Placeholder();
}
