using DataGen.Quality.Embeddings;
using Microsoft.Extensions.AI;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The confirming signal: eval items are embedded once (local MiniLM); a candidate window of the text is embedded and
/// its cosine to the candidate item decides. Only windows the cheap signals proposed are embedded, which is what keeps
/// the cascade on by default.
/// </summary>
public sealed class EvalEmbeddingIndex
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly IReadOnlyList<EvalItem> _items;
    private Task<float[][]>? _vectors;
    private Task<float[][][]>? _sentenceVectors;

    public EvalEmbeddingIndex(IReadOnlyList<EvalItem> items, IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(embeddings);
        _items = items;
        _embeddings = embeddings;
    }

    /// <summary>The cosine of each (item, window) pair, in order.</summary>
    public async Task<IReadOnlyList<double>> CosinesAsync(IReadOnlyList<(int Item, string Window)> pairs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return [];
        }

        var vectors = await VectorsAsync(cancellationToken);
        var windows = pairs.Select(p => p.Window).Distinct(StringComparer.Ordinal).ToList();
        var embedded = await _embeddings.GenerateAsync(windows, cancellationToken: cancellationToken);
        var byWindow = windows.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => embedded[x.i].Vector, StringComparer.Ordinal);
        return [.. pairs.Select(p => (double)VectorMath.Cosine(byWindow[p.Window].Span, vectors[p.Item]))];
    }

    /// <summary>
    /// Sentence coverage of each (item, window) pair: for each sentence of the item, its best cosine to a sentence of
    /// the window, averaged. A retelling covers every beat of the plot; a text that shares the setting covers one.
    /// </summary>
    public async Task<IReadOnlyList<double>> CoveragesAsync(IReadOnlyList<(int Item, string Window)> pairs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return [];
        }

        var items = await SentenceVectorsAsync(cancellationToken);
        var result = new List<double>(pairs.Count);
        foreach (var (item, window) in pairs)
        {
            var sentences = Sentences(window);
            var embedded = await _embeddings.GenerateAsync(sentences, cancellationToken: cancellationToken);
            var total = 0.0;
            foreach (var itemSentence in items[item])
            {
                total += embedded.Max(e => (double)VectorMath.Cosine(e.Vector.Span, itemSentence));
            }

            result.Add(items[item].Length == 0 ? 0 : total / items[item].Length);
        }

        return result;
    }

    /// <summary>Sentences of a text (split after . ! ? and at line breaks), at least one.</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = System.Text.RegularExpressions.Regex.Split(text, @"(?<=[.!?])\s+|\n+")
            .Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        return sentences.Count == 0 ? [text] : sentences;
    }

    // The scenario without the task put to the model ("Decide what to do.", "Reason about the option and state your
    // decision."): those closing instructions resemble any deliberation and would lend every thoughtful reply
    // coverage it has not earned; the plot is in the other sentences.
    private static IReadOnlyList<string> PlotSentences(string text)
    {
        var sentences = Sentences(text);
        var plot = sentences.Where(s => !Instruction.IsMatch(s)).ToList();
        return plot.Count == 0 ? sentences : plot;
    }

    private static readonly System.Text.RegularExpressions.Regex Instruction = new(
        @"^(?:Decide|Explain|Reason|Think|Describe|Write|Answer|State|Respond|Consider|Choose|List)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private Task<float[][][]> SentenceVectorsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _sentenceVectors) is { } loading)
        {
            return loading;
        }

        var task = EmbedItemSentencesAsync(cancellationToken);
        return Interlocked.CompareExchange(ref _sentenceVectors, task, null) ?? task;
    }

    private async Task<float[][][]> EmbedItemSentencesAsync(CancellationToken cancellationToken)
    {
        var result = new float[_items.Count][][];
        for (var i = 0; i < _items.Count; i++)
        {
            result[i] = [.. (await _embeddings.GenerateAsync(PlotSentences(_items[i].MatchText), cancellationToken: cancellationToken)).Select(e => e.Vector.ToArray())];
        }

        return result;
    }

    // Embedded once, by whichever caller comes first; the others await the same task.
    private Task<float[][]> VectorsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _vectors) is { } loading)
        {
            return loading;
        }

        var task = EmbedItemsAsync(cancellationToken);
        return Interlocked.CompareExchange(ref _vectors, task, null) ?? task;
    }

    private async Task<float[][]> EmbedItemsAsync(CancellationToken cancellationToken) =>
        [.. (await _embeddings.GenerateAsync(_items.Select(i => i.MatchText), cancellationToken: cancellationToken)).Select(e => e.Vector.ToArray())];
}
