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
        if (Email().Match(text) is { Success: true } email)
        {
            return CheckVerdict.Drop("email_address", $"contains \"{email.Value}\"");
        }

        return Url().Match(text) is { Success: true } url ? CheckVerdict.Drop("link", $"contains \"{url.Value}\"") : CheckVerdict.Keep;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|ftp://|www\.)\S+|\b[a-z0-9\-]+\.(?:com|org|net|io|ai|gov|edu|co\.uk)(?:/\S*)?\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
