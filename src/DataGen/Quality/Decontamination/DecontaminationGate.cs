using DataGen.Configuration;
using Microsoft.Extensions.AI;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The decontamination decision for one text, shared by the sample stage and the seed gate: n-gram candidates
/// confirmed by containment, then (when on) the embedding near-match pass.
/// </summary>
public sealed class DecontaminationGate
{
    private readonly DecontaminationOptions _options;
    private readonly EvalNgramIndex _ngrams;
    private readonly EvalEmbeddingIndex? _embeddings;

    public DecontaminationGate(DecontaminationOptions options, IReadOnlyList<EvalItem> items, IEmbeddingGenerator<string, Embedding<float>>? embeddings)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _ngrams = new EvalNgramIndex(items, options.NgramWords);
        _embeddings = options.Embedding && embeddings is not null ? new EvalEmbeddingIndex(items, embeddings) : null;
        Names = new ReservedNameGate(options);
    }

    public ReservedNameGate Names { get; }

    public int EvalItems => _ngrams.Items.Count;

    /// <summary>The eval item the text overlaps, or null when it is clean.</summary>
    public async Task<EvalMatch?> MatchAsync(string text, CancellationToken cancellationToken)
    {
        var match = _ngrams.Match(text, _options.ConfirmContainment);
        if (match is null && _embeddings is not null)
        {
            match = await _embeddings.MatchAsync(text, _options.EmbeddingThreshold, cancellationToken);
        }

        return match;
    }
}
