using DataGen.Configuration;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>Word-count bounds per kind: <c>too_short</c>, <c>too_long</c>.</summary>
public sealed class LengthCheck(ChecksOptions options) : IQualityCheck
{
    public string Name => "length";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var bounds = options.For(sample.Kind);
        var words = TextStats.CountWords(sample.Content);
        if (words < bounds.MinWords)
        {
            return CheckVerdict.Drop("too_short", $"{words} words, fewer than {bounds.MinWords}");
        }

        return words > bounds.MaxWords ? CheckVerdict.Drop("too_long", $"{words} words, more than {bounds.MaxWords}") : CheckVerdict.Keep;
    }
}
