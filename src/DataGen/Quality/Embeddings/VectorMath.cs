using System.Numerics.Tensors;

namespace DataGen.Quality.Embeddings;

/// <summary>Cosine similarity of embedding vectors.</summary>
public static class VectorMath
{
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.CosineSimilarity(a, b);
}
