using System.Text.RegularExpressions;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// Things a document invents that a reader would take as fact (the method's failure modes for documents): reason
/// <c>specific_date</c> for a calendar date ("March 3, 2024", "2024-03-03", "3/3/2024"), <c>credential</c> for a
/// password, API key or access token, <c>invented_statistic</c> for a percentage or "N out of M" with a study-like
/// source ("a 2021 survey found 63% ..."). Documents only: stories may carry dates and numbers as fiction.
/// </summary>
public sealed partial class DocumentFactsCheck : IQualityCheck
{
    public string Name => "document_facts";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Kind != DataKind.Documents)
        {
            return CheckVerdict.Keep;
        }

        var text = sample.Content;
        if (Date().Match(text) is { Success: true } date)
        {
            return CheckVerdict.Drop("specific_date", $"contains the date \"{date.Value}\"");
        }

        if (Credential().Match(text) is { Success: true } credential)
        {
            return CheckVerdict.Drop("credential", $"contains \"{credential.Value}\"");
        }

        return Statistic().Match(text) is { Success: true } statistic
            ? CheckVerdict.Drop("invented_statistic", $"states \"{statistic.Value}\"")
            : CheckVerdict.Keep;
    }

    private const string Month = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)";

    [GeneratedRegex(@"\b" + Month + @"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+" + Month + @"\s+(?:19|20)\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/(?:19|20)?\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"\b(?:password|passcode|api[\s_-]?key|access[\s_-]?token|secret[\s_-]?key|PIN)\s*(?:is|was|:|=)\s*\S+|\b(?:sk|pk|ghp|AKIA)[-_]?[A-Za-z0-9]{12,}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credential();

    [GeneratedRegex(@"\b(?:(?:19|20)\d{2}\s+)?(?:study|survey|report|poll|analysis|research|experiment|trial|meta-analysis)\b[^.!?\n]{0,80}?\b(?:found|showed|shows|finds|revealed|reports|reported|estimated|concluded)\b[^.!?\n]{0,60}?\b\d{1,3}(?:\.\d+)?\s?(?:%|percent|per\s+cent)|\b\d{1,3}(?:\.\d+)?\s?(?:%|percent)\s+of\s+(?:respondents|participants|users|people|companies|organizations|organisations|employees|experts|researchers)\b|\b\d+\s+(?:out\s+of|in)\s+(?:every\s+)?\d+\s+(?:respondents|participants|users|people|companies|employees|experts|researchers)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Statistic();
}
