using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// Unfinished output: the provider stopped at the token cap, the last sentence has no end mark (<c>truncated</c>), an
/// odd number of straight double quotes or unmatched curly ones (<c>unbalanced_quotes</c>), or an unclosed code fence
/// (<c>unbalanced_fence</c>).
/// </summary>
public sealed class TruncationCheck : IQualityCheck
{
    private static readonly char[] EndMarks = ['.', '!', '?', '"', '\'', '\u201D', '\u2019', ')', '*', '_', ':', '`', '…'];

    public string Name => "truncation";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.FinishReason is "length" or "max_tokens")
        {
            return CheckVerdict.Drop("truncated", $"finish reason {sample.FinishReason}");
        }

        var texts = sample.Messages is { } messages ? messages.Select(m => m.Content) : [sample.Text ?? string.Empty];
        foreach (var text in texts)
        {
            var verdict = CheckOne(text);
            if (!verdict.Kept)
            {
                return verdict;
            }
        }

        return CheckVerdict.Keep;
    }

    private static CheckVerdict CheckOne(string text)
    {
        var trimmed = text.TrimEnd();
        if (trimmed.Length == 0)
        {
            return CheckVerdict.Keep; // empty content is the length and chat checks' business
        }

        var fences = CountOf(trimmed, "```");
        if (fences % 2 == 1)
        {
            return CheckVerdict.Drop("unbalanced_fence", $"{fences} code fences");
        }

        // Span counts (vectorised), not Enumerable.Count over the string's chars: three passes over every text.
        var straight = trimmed.AsSpan().Count('"');
        var open = trimmed.AsSpan().Count('\u201C');
        var close = trimmed.AsSpan().Count('\u201D');
        if (straight % 2 == 1 || open != close)
        {
            return CheckVerdict.Drop("unbalanced_quotes", $"{straight} straight double quotes, {open} opening and {close} closing curly quotes");
        }

        var last = trimmed[^1];
        if (!EndMarks.Contains(last) && !trimmed.EndsWith("THE END", StringComparison.Ordinal))
        {
            var tail = trimmed.Length > 40 ? trimmed[^40..] : trimmed;
            return CheckVerdict.Drop("truncated", $"last sentence unfinished: \"…{tail}\"");
        }

        return CheckVerdict.Keep;
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
