using System.Text.RegularExpressions;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// For stories and advice chats, the answer must show its reasoning, not only a verdict: it has to use at least a
/// configured number of distinct reasoning markers (because, values, at stake, rather than, trust, ...). Reason
/// <c>no_reasoning</c>. Documents are kept: their genre decides their register.
/// </summary>
public sealed partial class ReasoningCheck(int minMarkers) : IQualityCheck
{
    public string Name => "reasoning";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Kind == DataKind.Documents)
        {
            return CheckVerdict.Keep;
        }

        var found = Marker().Matches(TextStats.AnswerText(sample))
            .Select(m => Stem(m.Value.ToLowerInvariant()))
            .ToHashSet(StringComparer.Ordinal);
        return found.Count >= minMarkers
            ? CheckVerdict.Keep
            : CheckVerdict.Drop("no_reasoning", $"{found.Count} distinct reasoning markers ({string.Join(", ", found.Order(StringComparer.Ordinal))}), fewer than {minMarkers}");
    }

    private static string Stem(string marker) => marker.TrimEnd('s');

    [GeneratedRegex(@"\b(?:because|since|so that|reasons?|values?|matters?|at stake|trust|honest(?:y)?|consider(?:ation)?s?|on the other hand|weigh(?:ed|ing)?|risks?|why|rather than|instead|costs?|harms?|fair(?:ness)?|responsib(?:le|ility)|oversight|consequences?|tension)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();
}
