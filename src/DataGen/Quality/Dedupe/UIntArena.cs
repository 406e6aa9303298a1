namespace DataGen.Quality.Dedupe;

/// <summary>
/// An append-only store of <see cref="uint"/> runs in 4 MiB chunks: a run never spans two chunks, so it reads back as
/// one span. Chunks are large objects, which the GC neither promotes nor copies.
/// </summary>
internal sealed class UIntArena
{
    private const int ChunkBits = 20;
    private const int ChunkLength = 1 << ChunkBits;
    private readonly List<uint[]> _chunks = [];
    private long _length;

    /// <summary>Appends <paramref name="values"/> and returns where they start.</summary>
    public long Append(ReadOnlySpan<uint> values)
    {
        if (values.Length > ChunkLength)
        {
            throw new ArgumentOutOfRangeException(nameof(values), values.Length, $"a run is at most {ChunkLength} values");
        }

        var chunk = (int)(_length >> ChunkBits);
        var offset = (int)(_length & (ChunkLength - 1));
        if (offset + values.Length > ChunkLength)
        {
            // Skip the chunk's tail: a run stays in one chunk.
            chunk++;
            offset = 0;
        }

        while (_chunks.Count <= chunk)
        {
            _chunks.Add(new uint[ChunkLength]);
        }

        values.CopyTo(_chunks[chunk].AsSpan(offset));
        var start = ((long)chunk << ChunkBits) + offset;
        _length = start + values.Length;
        return start;
    }

    public ReadOnlySpan<uint> Slice(long start, int length) =>
        _chunks[(int)(start >> ChunkBits)].AsSpan((int)(start & (ChunkLength - 1)), length);
}
