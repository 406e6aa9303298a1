using DataGen.Quality.Embeddings;
using Microsoft.Extensions.AI;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The paraphrase pass: eval items are embedded once; a text is cut into passages (paragraphs, long ones into windows
/// of about 120 words, since MiniLM reads 256 tokens at most) and its best passage-to-item cosine decides.
/// </summary>
public sealed class EvalEmbeddingIndex
{
    private const int WindowWords = 120;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly IReadOnlyList<EvalItem> _items;
    private float[][]? _vectors;

    public EvalEmbeddingIndex(IReadOnlyList<EvalItem> items, IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(embeddings);
        _items = items;
        _embeddings = embeddings;
    }

    public async Task<EvalMatch?> MatchAsync(string text, double threshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_items.Count == 0)
        {
            return null;
        }

        _vectors ??= [.. (await _embeddings.GenerateAsync(_items.Select(i => i.Text), cancellationToken: cancellationToken)).Select(e => e.Vector.ToArray())];
        var passages = Passages(text);
        if (passages.Count == 0)
        {
            return null;
        }

        var embedded = await _embeddings.GenerateAsync(passages, cancellationToken: cancellationToken);
        EvalMatch? best = null;
        foreach (var passage in embedded)
        {
            for (var i = 0; i < _vectors.Length; i++)
            {
                var cosine = VectorMath.Cosine(passage.Vector.Span, _vectors[i]);
                if (cosine >= threshold && (best is null || cosine > best.Score))
                {
                    best = new EvalMatch(_items[i], "embedding", cosine, 0);
                }
            }
        }

        return best;
    }

    /// <summary>Paragraphs, with long ones cut into windows of about <see cref="WindowWords"/> words.</summary>
    public static IReadOnlyList<string> Passages(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var passages = new List<string>();
        foreach (var paragraph in text.Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            for (var start = 0; start < words.Length; start += WindowWords)
            {
                passages.Add(string.Join(' ', words, start, Math.Min(WindowWords, words.Length - start)));
            }
        }

        return passages;
    }
}
