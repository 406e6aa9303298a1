using System.Text.RegularExpressions;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>Word, line and paragraph splits shared by the checks.</summary>
internal static partial class TextStats
{
    /// <summary>The number of whitespace-separated words, without allocating them.</summary>
    public static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                count++;
            }

            inWord = !space;
        }

        return count;
    }

    /// <summary>The lines, trimmed, without the blank ones.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static string[] Paragraphs(string text) =>
        [.. ParagraphBreak().Split(text.Trim()).Select(p => p.Trim()).Where(p => p.Length > 0)];

    /// <summary>The text the reasoning and truncation checks read: the prose, or the assistant's turns.</summary>
    public static string AnswerText(Sample sample) =>
        sample.Messages is { } messages
            ? string.Join("\n\n", messages.Where(m => m.Role == "assistant").Select(m => m.Content))
            : sample.Text ?? string.Empty;

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();
}
