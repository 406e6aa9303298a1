using System.Globalization;
using System.Runtime.InteropServices;
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
    // Scratch tables, one pair per thread (the checks stage runs samples in parallel on one instance), cleared before
    // each use: a new pair per text was about half of the check's allocation. A table only grows to the longest text
    // its thread has seen.
    [ThreadStatic]
    private static Dictionary<ulong, int>? t_counts;

    [ThreadStatic]
    private static HashSet<ulong>? t_seen;

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

        var words = WordHashes.Of(text);
        var wordChars = Math.Max(1, words.TotalChars);
        var counts = t_counts ??= [];
        counts.EnsureCapacity(words.Count);
        var grams = words.Unigrams();
        for (var n = 2; n <= 4; n++)
        {
            var limit = options.MaxTopNgramCharFraction[n - 2];
            var top = TopNgramChars(words, grams, words.Extend(grams, n), n, counts);
            if ((double)top / wordChars > limit)
            {
                return CheckVerdict.Drop($"top_{n}gram", $"the most frequent {n}-gram covers {Percent(top, wordChars)} of characters (limit {limit:P0})");
            }
        }

        var seen = t_seen ??= [];
        seen.EnsureCapacity(words.Count);
        for (var n = 5; n <= 10; n++)
        {
            var limit = options.MaxDuplicateNgramCharFraction[n - 5];
            var duplicated = DuplicatedNgramChars(words, grams, words.Extend(grams, n), n, seen);
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

    // The most frequent n-gram (ties: the longer one) and the characters its repeats cover. N-grams are compared by a
    // 64-bit hash of their words, not by joined strings: the check runs on every sample and must not allocate per n-gram.
    private static int TopNgramChars(WordHashes words, ulong[] grams, int gramCount, int n, Dictionary<ulong, int> counts)
    {
        counts.Clear();
        var (bestCount, bestChars) = (0, 0);
        for (var i = 0; i < gramCount; i++)
        {
            // One hash lookup per n-gram, not a read and a write.
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, grams[i], out _);
            var count = ++slot;
            var chars = words.Chars(i, n);
            if (count > bestCount || (count == bestCount && chars > bestChars))
            {
                (bestCount, bestChars) = (count, chars);
            }
        }

        return bestCount > 1 ? bestChars * bestCount : 0;
    }

    // As datatrove: walk the n-grams; a repeat of an earlier n-gram counts its characters and skips past it.
    private static int DuplicatedNgramChars(WordHashes words, ulong[] grams, int gramCount, int n, HashSet<ulong> seen)
    {
        seen.Clear();
        var chars = 0;
        var i = 0;
        while (i < gramCount)
        {
            if (seen.Add(grams[i]))
            {
                i++;
                continue;
            }

            chars += words.Chars(i, n);
            i += n;
        }

        return chars;
    }

    private static string Percent(int part, int whole) => ((double)part / whole).ToString("P0", CultureInfo.InvariantCulture);
}
