using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Seeds;

namespace DataGen.Tests.Quality;

/// <summary>Builds samples and streams for quality-stage tests.</summary>
internal static class QualitySamples
{
    public static readonly Principle Principle = new() { Id = "honesty", Title = "Honesty", HeadingPath = ["Honesty"], Text = "Be honest.", Line = 1 };

    public static Sample Text(string text, DataKind kind = DataKind.Documents, int index = 0, string? finishReason = "stop") => new()
    {
        Seed = Seed(kind, index),
        PromptId = "p@00000000",
        Provider = "test",
        Model = "m",
        Simulated = true,
        Text = text,
        Usage = default,
        Calls = 1,
        FinishReason = finishReason,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    public static Sample Chat(params (string Role, string Content)[] turns) => new()
    {
        Seed = Seed(DataKind.AdviceChats, 0),
        PromptId = "p@00000000",
        Provider = "test",
        Model = "m",
        Simulated = true,
        Messages = [.. turns.Select(t => new ChatTurn(t.Role, t.Content))],
        Usage = default,
        Calls = 1,
        FinishReason = "stop",
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    public static Seed Seed(DataKind kind, int index, IReadOnlyDictionary<string, string>? axes = null) => new()
    {
        Id = index.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
        Kind = kind,
        Index = index,
        Principle = Principle,
        Axes = axes ?? new Dictionary<string, string> { ["genre"] = "essay" },
    };

    public static IAsyncEnumerable<GenerationOutcome> Stream(params GenerationOutcome[] outcomes) => StreamOf(outcomes);

    public static async IAsyncEnumerable<GenerationOutcome> StreamOf(IEnumerable<GenerationOutcome> outcomes, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var outcome in outcomes)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return outcome;
        }
    }

    public static async Task<List<GenerationOutcome>> ToListAsync(IAsyncEnumerable<GenerationOutcome> stream)
    {
        var list = new List<GenerationOutcome>();
        await foreach (var outcome in stream)
        {
            list.Add(outcome);
        }

        return list;
    }

    /// <summary>A varied, well-formed prose text of <paramref name="sentences"/> sentences of 10-16 words, paragraphs of four.</summary>
    public static string Prose(int sentences, int salt = 0)
    {
        var rng = new Random(salt);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            var words = Enumerable.Range(0, rng.Next(10, 17)).Select(_ => Vocabulary[rng.Next(Vocabulary.Count)]).ToList();
            words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            text.Append(string.Join(' ', words)).Append('.');
            text.Append(i % 4 == 3 ? "\n\n" : " ");
        }

        return text.ToString().Trim();
    }

    private static readonly List<string> Vocabulary = BuildVocabulary();

    private static List<string> BuildVocabulary()
    {
        string[] syllables = ["ka", "lo", "mi", "ren", "sto", "val", "du", "pe", "tor", "gin", "sha", "bel", "nu", "rak", "ti", "mon"];
        var rng = new Random(12345);
        return [.. Enumerable.Range(0, 1500).Select(_ => string.Concat(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => syllables[rng.Next(syllables.Length)]))).Distinct()];
    }
}
