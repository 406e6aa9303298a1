using System.Text.RegularExpressions;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// Markdown structure in an advice reply (headings, bullet or numbered lists, bold, tables): a conversation about a
/// hard situation reads as prose, and the method drops replies formatted as documents. Reason <c>markdown</c>; advice
/// chats' assistant turns only.
/// </summary>
public sealed partial class MarkdownCheck : IQualityCheck
{
    public string Name => "markdown";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Kind != DataKind.AdviceChats || sample.Messages is not { } messages)
        {
            return CheckVerdict.Keep;
        }

        foreach (var turn in messages.Where(m => m.Role == "assistant"))
        {
            if (Structure().Match(turn.Content) is { Success: true } match)
            {
                return CheckVerdict.Drop("markdown", $"assistant reply has markdown \"{match.Value.Trim()}\"");
            }
        }

        return CheckVerdict.Keep;
    }

    [GeneratedRegex(@"(?m)^\s{0,3}(?:#{1,6}\s|[-*+]\s+\S|\d{1,2}[.)]\s+\S|\|.*\|\s*$|>\s)|\*\*[^*\n]{1,80}\*\*|__[^_\n]{1,80}__|```", RegexOptions.CultureInvariant)]
    private static partial Regex Structure();
}
