namespace DataGen.Quality.Dedupe;

/// <summary>
/// An append-only store of <see cref="uint"/> runs in 16 MiB chunks (on huge pages where the OS has them, see
/// <see cref="HugePageArrays"/>): a run never spans two chunks, so it reads back as one span. Chunks are pinned large
/// objects, which the GC neither promotes nor copies.
/// </summary>
internal sealed class UIntArena
{
    // 16 MiB: at least seven of its 2 MiB stretches are whole huge pages, wherever the chunk starts.
    private const int ChunkBits = 22;
    internal const int ChunkLength = 1 << ChunkBits;
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
            // Uninitialised: every value is written before it is read, so a fresh chunk is touched only as it fills.
            _chunks.Add(HugePageArrays.AllocateUninitialized<uint>(ChunkLength));
        }

        values.CopyTo(_chunks[chunk].AsSpan(offset));
        var start = ((long)chunk << ChunkBits) + offset;
        _length = start + values.Length;
        return start;
    }

    public ReadOnlySpan<uint> Slice(long start, int length) =>
        _chunks[(int)(start >> ChunkBits)].AsSpan((int)(start & (ChunkLength - 1)), length);
}
