using System.Text.RegularExpressions;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// Links and e-mail addresses, which a model invents (the method lists them among its failure modes): reason
/// <c>link</c> for a URL or bare domain path, <c>email_address</c> for an address. Every kind.
/// </summary>
public sealed partial class LinkCheck : IQualityCheck
{
    public string Name => "link";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var text = sample.Content;
        // Each regex starts its own scan at every word of the text, and most texts have no link: an address needs an
        // '@', and a URL needs "://", "www." or a dot with a letter after it (".com", ".org/..."). A text with none of
        // these cannot match, so the regexes run only on texts that have one.
        if (text.Contains('@') && Email().Match(text) is { Success: true } email)
        {
            return CheckVerdict.Drop("email_address", $"contains \"{email.Value}\"");
        }

        return MayHoldUrl(text) && Url().Match(text) is { Success: true } url ? CheckVerdict.Drop("link", $"contains \"{url.Value}\"") : CheckVerdict.Keep;
    }

    /// <summary>Whether <paramref name="text"/> has what every match of <see cref="Url"/> has: a scheme's "://", "www." (any case) or a dot followed by a letter.</summary>
    internal static bool MayHoldUrl(string text)
    {
        if (text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        for (var i = text.IndexOf('.'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('.', i + 1))
        {
            if (char.IsLetter(text[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|ftp://|www\.)\S+|\b[a-z0-9\-]+\.(?:com|org|net|io|ai|gov|edu|co\.uk)(?:/\S*)?\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
