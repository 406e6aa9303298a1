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
    /// The windows' distinct sentences are embedded in one call, and only those <paramref name="known"/> does not hold
    /// yet (it keeps the new ones): candidate windows of one text overlap, and the columns of one row (a draft and its
    /// revision, a prompt before and after rewrite) share most of their sentences.
    /// </summary>
    public async Task<IReadOnlyList<double>> CoveragesAsync(
        IReadOnlyList<(int Item, string Window)> pairs, CancellationToken cancellationToken, Dictionary<string, float[]>? known = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return [];
        }

        var items = await SentenceVectorsAsync(cancellationToken);
        known ??= new Dictionary<string, float[]>(StringComparer.Ordinal);
        var windows = new IReadOnlyList<string>[pairs.Count];
        var missing = new List<string>();
        var queued = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < pairs.Count; p++)
        {
            windows[p] = Sentences(pairs[p].Window);
            foreach (var sentence in windows[p])
            {
                if (!known.ContainsKey(sentence) && queued.Add(sentence))
                {
                    missing.Add(sentence);
                }
            }
        }

        if (missing.Count > 0)
        {
            var embedded = await _embeddings.GenerateAsync(missing, cancellationToken: cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                known[missing[i]] = embedded[i].Vector.ToArray();
            }
        }

        var result = new List<double>(pairs.Count);
        for (var p = 0; p < pairs.Count; p++)
        {
            var itemSentences = items[pairs[p].Item];
            var total = 0.0;
            foreach (var itemSentence in itemSentences)
            {
                var best = double.NegativeInfinity;
                foreach (var sentence in windows[p])
                {
                    best = Math.Max(best, VectorMath.Cosine(known[sentence], itemSentence));
                }

                total += best;
            }

            result.Add(itemSentences.Length == 0 ? 0 : total / itemSentences.Length);
        }

        return result;
    }

    /// <summary>Sentences of a text (split after . ! ? and at line breaks), at least one.</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = SentenceBreak.Split(text)
            .Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        return sentences.Count == 0 ? [text] : sentences;
    }

    /// <summary>
    /// The scenario without the task put to the model ("Decide what to do.", "Explain your reasoning and list the
    /// commands"): those closing instructions resemble any deliberation and would lend every thoughtful reply coverage
    /// (and candidate overlap, <see cref="EvalPassageIndex"/>) it has not earned; the plot is in the other sentences.
    /// </summary>
    public static IReadOnlyList<string> PlotSentences(string text)
    {
        var sentences = Sentences(text);
        var plot = sentences.Where(s => !Instruction.IsMatch(s)).ToList();
        return plot.Count == 0 ? sentences : plot;
    }

    private static readonly System.Text.RegularExpressions.Regex SentenceBreak = new(
        @"(?<=[.!?])\s+|\n+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

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
        // All items' plot sentences in one list, embedded once per machine and then read from the disk cache: a
        // small run would otherwise spend most of its CPU embedding the same eval set again.
        var perItem = _items.Select(i => PlotSentences(i.MatchText)).ToList();
        var all = perItem.SelectMany(s => s).ToList();
        var metadata = _embeddings.GetService<EmbeddingGeneratorMetadata>();
        float[][] vectors;
        if (metadata is { DefaultModelId: { } model, DefaultModelDimensions: { } dimensions })
        {
            vectors = await EmbeddingDiskCache.GetOrAddAsync(model, dimensions, all, () => EmbedAllAsync(perItem, cancellationToken));
        }
        else
        {
            vectors = await EmbedAllAsync(perItem, cancellationToken);
        }

        var result = new float[_items.Count][][];
        var next = 0;
        for (var i = 0; i < _items.Count; i++)
        {
            result[i] = vectors[next..(next + perItem[i].Count)];
            next += perItem[i].Count;
        }

        return result;
    }

    // One call per item, as before the cache, so the vectors are the ones a cold run computes.
    private async Task<float[][]> EmbedAllAsync(IReadOnlyList<IReadOnlyList<string>> perItem, CancellationToken cancellationToken)
    {
        var vectors = new List<float[]>();
        foreach (var sentences in perItem)
        {
            vectors.AddRange((await _embeddings.GenerateAsync(sentences, cancellationToken: cancellationToken)).Select(e => e.Vector.ToArray()));
        }

        return [.. vectors];
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
