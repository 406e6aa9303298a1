using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Quality.Embeddings;

/// <summary>
/// The local, offline MiniLM (all-MiniLM-L6-v2, ONNX, 384 dimensions) behind <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>,
/// so a hosted embedding model can replace it. The ONNX session is created on first use and is not cheap (about a
/// second), so a run where no text reaches the embedding never loads it; share one instance per process. Inference is
/// <see cref="MiniLmOnnxEncoder"/> (the package's model and tokenizer, pooling over spans).
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly Lazy<MiniLmEmbeddingGenerator> SharedInstance = new(() => new MiniLmEmbeddingGenerator());

    private readonly Lazy<MiniLmOnnxEncoder> _encoder = new(() => new MiniLmOnnxEncoder(SingleThreaded()));
    private readonly EmbeddingGeneratorMetadata _metadata = new("sentence-transformers-minilm", null, "all-MiniLM-L6-v2", 384);

    /// <summary>One generator per process: the model is loaded once.</summary>
    public static MiniLmEmbeddingGenerator Shared => SharedInstance.Value;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();
        string[] texts = [.. values];
        var vectors = new float[texts.Length][];
        foreach (var batch in LengthBatches(texts))
        {
            var encoded = _encoder.Value.Encode([.. batch.Select(i => texts[i])], cancellationToken);
            for (var j = 0; j < batch.Count; j++)
            {
                vectors[batch[j]] = encoded[j];
            }
        }

        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = _metadata.DefaultModelId })));
    }

    /// <summary>
    /// The indexes of <paramref name="texts"/> in batches of similar length, shortest first. The encoder pads every
    /// text of a call to the call's longest and runs the model over the padding too (the mask only hides it from the
    /// pooling), so one call over a window's sentences, 5 to 60 words each, spends much of its time on padding;
    /// batches whose longest text is at most a quarter longer than their shortest (plus a few characters) waste
    /// little, and the vectors are the same.
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<int>> LengthBatches(IReadOnlyList<string> texts, int maxBatch = 32)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToList();
        var batches = new List<IReadOnlyList<int>>();
        var current = new List<int>();
        foreach (var i in order)
        {
            if (current.Count > 0 && (current.Count == maxBatch || texts[i].Length > (texts[current[0]].Length * 1.25) + 12))
            {
                batches.Add(current);
                current = [];
            }

            current.Add(i);
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    // One thread per call and no spinning: callers are already parallel (one per sample in flight), and ONNX
    // Runtime's default (a spinning intra-op pool as wide as the machine per call) burns cores waiting for work,
    // which is client CPU the run pays for nothing. `bench decontamination --signals` prints the same coverages
    // either way. The first SessionOptions starts ONNX Runtime's environment, which reads the telemetry opt-out then,
    // so that comes first.
    private static SessionOptions SingleThreaded()
    {
        OnnxRuntimeTelemetry.EnsureOptedOut();
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
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
