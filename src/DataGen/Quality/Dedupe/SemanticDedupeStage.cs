using System.Globalization;
using DataGen.Generation;
using DataGen.Pipeline.Stages;
using DataGen.Quality.Embeddings;
using Microsoft.Extensions.AI;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Drops samples whose embedding's cosine similarity to an earlier kept sample is at or above the threshold, with
/// reason <c>semantic_duplicate</c> and the keeper in <see cref="Rejection.Matched"/>. First in seed order keeps.
/// Brute force over the kept vectors (1.5 KiB each for MiniLM): fine for DataGen's tens of thousands per kind.
/// </summary>
public sealed class SemanticDedupeStage : FilterStage
{
    public const string StageName = "dedupe_semantic";

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly double _threshold;
    private readonly List<(string Id, float[] Vector)> _kept = [];

    public SemanticDedupeStage(IEmbeddingGenerator<string, Embedding<float>> embeddings, double threshold, TimeProvider time)
        : base(StageName, StageScope.AllInSeedOrder, time)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        _embeddings = embeddings;
        _threshold = threshold;
    }

    protected override async ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken)
    {
        var vector = (await _embeddings.GenerateVectorAsync(sample.Content, cancellationToken: cancellationToken)).ToArray();
        (string Id, double Cosine)? best = null;
        foreach (var (id, kept) in _kept)
        {
            var cosine = VectorMath.Cosine(vector, kept);
            if (cosine >= _threshold && (best is null || cosine > best.Value.Cosine))
            {
                best = (id, cosine);
            }
        }

        if (best is not { } match)
        {
            _kept.Add((sample.Id, vector));
            return StageVerdict.Keep();
        }

        return StageVerdict.Drop("semantic_duplicate", string.Create(CultureInfo.InvariantCulture, $"embedding cosine {match.Cosine:0.000} with {match.Id}"), match.Id);
    }
}
