using System.Text.RegularExpressions;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>Leaked template placeholders (<c>{{ name }}</c>, <c>{model_name}</c>, <c>[INSERT NAME]</c>, lorem ipsum): <c>placeholder</c>.</summary>
public sealed partial class PlaceholderCheck : IQualityCheck
{
    public string Name => "placeholder";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var match = Placeholder().Match(sample.Content);
        return match.Success ? CheckVerdict.Drop("placeholder", $"contains \"{match.Value}\"") : CheckVerdict.Keep;
    }

    [GeneratedRegex(@"\{\{[^}]{0,60}\}\}|\{[a-z][a-z0-9_]{1,40}\}|\[(?:INSERT|YOUR|NAME|COMPANY|MODEL|PLACEHOLDER|DATE|TODO)[^\]]{0,40}\]|<(?:PLACEHOLDER|NAME|INSERT)[^>]{0,40}>|lorem ipsum", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
