using System.Globalization;
using DataGen.Configuration;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// Gopher repetition rules (as in datatrove's <c>gopher_repetition_filter</c>), the best catch for generation loops.
/// Reasons: <c>duplicate_lines</c>, <c>duplicate_paragraphs</c>, <c>duplicate_paragraph_chars</c>,
/// <c>top_{n}gram</c> (n = 2..4), <c>duplicated_{n}gram</c> (n = 5..10).
/// </summary>
public sealed class RepetitionCheck(RepetitionOptions options) : IQualityCheck
{
    public string Name => "repetition";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var texts = sample.Messages is { } messages ? messages.Select(m => m.Content) : [sample.Text ?? string.Empty];
        foreach (var text in texts)
        {
            var verdict = CheckText(text);
            if (!verdict.Kept)
            {
                return verdict;
            }
        }

        return CheckVerdict.Keep;
    }

    /// <summary>Checks one text (a prose sample or one chat turn).</summary>
    public CheckVerdict CheckText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paragraphs = TextStats.Paragraphs(text);
        var (dupParagraphs, dupParagraphChars) = Duplicates(paragraphs);
        if (paragraphs.Length > 1 && (double)dupParagraphs / paragraphs.Length > options.MaxDuplicateParagraphFraction)
        {
            return CheckVerdict.Drop("duplicate_paragraphs", $"{dupParagraphs} of {paragraphs.Length} paragraphs repeat an earlier one");
        }

        var textChars = Math.Max(1, text.Length);
        if ((double)dupParagraphChars / textChars > options.MaxDuplicateParagraphCharFraction)
        {
            return CheckVerdict.Drop("duplicate_paragraph_chars", $"{Percent(dupParagraphChars, textChars)} of characters are in repeated paragraphs");
        }

        var lines = TextStats.Lines(text);
        var (dupLines, _) = Duplicates(lines);
        if (lines.Length > 1 && (double)dupLines / lines.Length > options.MaxDuplicateLineFraction)
        {
            return CheckVerdict.Drop("duplicate_lines", $"{dupLines} of {lines.Length} lines repeat an earlier one");
        }

        var words = TextStats.Words(text.ToLowerInvariant());
        var wordChars = Math.Max(1, words.Sum(w => w.Length));
        for (var n = 2; n <= 4; n++)
        {
            var limit = options.MaxTopNgramCharFraction[n - 2];
            var top = TopNgramChars(words, n);
            if ((double)top / wordChars > limit)
            {
                return CheckVerdict.Drop($"top_{n}gram", $"the most frequent {n}-gram covers {Percent(top, wordChars)} of characters (limit {limit:P0})");
            }
        }

        for (var n = 5; n <= 10; n++)
        {
            var limit = options.MaxDuplicateNgramCharFraction[n - 5];
            var duplicated = DuplicatedNgramChars(words, n);
            if ((double)duplicated / wordChars > limit)
            {
                return CheckVerdict.Drop($"duplicated_{n}gram", $"repeated {n}-grams cover {Percent(duplicated, wordChars)} of characters (limit {limit:P0})");
            }
        }

        return CheckVerdict.Keep;
    }

    private static (int Count, int Chars) Duplicates(string[] items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        var chars = 0;
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                count++;
                chars += item.Length;
            }
        }

        return (count, chars);
    }

    private static int TopNgramChars(string[] words, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= words.Length; i++)
        {
            var key = string.Join(' ', words, i, n);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        if (counts.Count == 0)
        {
            return 0;
        }

        var (gram, frequency) = counts.MaxBy(kv => (kv.Value, kv.Key.Length));
        return frequency > 1 ? (gram.Length - (n - 1)) * frequency : 0;
    }

    // As datatrove: walk the n-grams; a repeat of an earlier n-gram counts its characters and skips past it.
    private static int DuplicatedNgramChars(string[] words, int n)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var chars = 0;
        var i = 0;
        while (i + n <= words.Length)
        {
            var key = string.Join(' ', words, i, n);
            if (seen.Add(key))
            {
                i++;
                continue;
            }

            for (var k = i; k < i + n; k++)
            {
                chars += words[k].Length;
            }

            i += n;
        }

        return chars;
    }

    private static string Percent(int part, int whole) => ((double)part / whole).ToString("P0", CultureInfo.InvariantCulture);
}
