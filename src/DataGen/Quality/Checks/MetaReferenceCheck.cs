using System.Text.RegularExpressions;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// Stories and advice replies must not name the machinery behind them. Reason <c>meta_reference</c>: constitution,
/// training or guidelines vocabulary ("my training", "the constitution", "my guidelines", "as I was trained") in a
/// story or an advice reply. Reason <c>hidden_guidance</c>: an advice reply that refers to instructions, guidance or
/// context the user cannot see ("my instructions say", "the guidance I was given", "according to my system prompt"),
/// which would teach the assistant to cite context it does not have. Documents may discuss these things and are not
/// checked.
/// </summary>
public sealed partial class MetaReferenceCheck : IQualityCheck
{
    public string Name => "meta_reference";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Kind == DataKind.AdviceChats && sample.Messages is { } messages)
        {
            foreach (var reply in messages.Where(m => m.Role == "assistant").Select(m => m.Content))
            {
                if (Hidden().Match(reply) is { Success: true } hidden)
                {
                    return CheckVerdict.Drop("hidden_guidance", $"reply refers to guidance the user cannot see: \"{hidden.Value}\"");
                }

                if (Meta().Match(reply) is { Success: true } meta)
                {
                    return CheckVerdict.Drop("meta_reference", $"reply mentions \"{meta.Value}\"");
                }
            }

            return CheckVerdict.Keep;
        }

        return sample.Kind == DataKind.Stories && Meta().Match(sample.Content) is { Success: true } found
            ? CheckVerdict.Drop("meta_reference", $"story mentions \"{found.Value}\"")
            : CheckVerdict.Keep;
    }

    // First person only: "read the instructions on the box" is advice, "my instructions say" is hidden guidance.
    [GeneratedRegex(@"\bmy\s+(?:own\s+)?(?:guidelines|instructions|system\s+prompt|operator'?s\s+instructions|(?:background|private|hidden)\s+(?:guidance|notes|context))\b|\bthe\s+(?:system\s+prompt|(?:guidance|instructions|context|notes)\s+I\s+(?:was|have\s+been|'ve\s+been)\s+given)\b|\b(?:according\s+to|per|under)\s+my\s+(?:guidelines|instructions|rules)\b|\bI(?:'ve|\s+have)\s+been\s+instructed\b|\bI\s+(?:was|am|'m)\s+instructed\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"\b(?:the|my|its|a|an|our|your|their)\s+constitution\b|\b(?:my|its|their|our)\s+(?:training(?:\s+data)?|fine-?tuning|RLHF|reward\s+model|spec(?:ification)?|principles\s+document)\b|\b(?:as|how|when|because)\s+(?:I|it|we|they)\s+(?:was|were|am|is|are)\s+trained\b|\b(?:I|it)\s+was\s+trained\s+to\b|\b(?:my|its)\s+guidelines\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Meta();
}
