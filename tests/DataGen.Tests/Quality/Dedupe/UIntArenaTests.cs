using DataGen.Quality.Dedupe;

namespace DataGen.Tests.Quality.Dedupe;

public sealed class UIntArenaTests
{
    [Test]
    public void Append_RunsPastSeveralChunkBoundaries_ReadBackUnchanged()
    {
        var arena = new UIntArena();
        var runs = new List<(long Start, uint[] Values)>();
        // A first run that fills a chunk exactly, then runs that do not divide one, over two more chunk boundaries.
        var lengths = new[] { UIntArena.ChunkLength }.Concat(Enumerable.Repeat(112, 40_000)).Concat(Enumerable.Repeat(281, 16_000)).Append(0);
        var next = 1u;
        foreach (var length in lengths)
        {
            var values = Enumerable.Range(0, length).Select(_ => next++).ToArray();
            runs.Add((arena.Append(values), values));
        }

        Assert.That(runs.All(r => arena.Slice(r.Start, r.Values.Length).SequenceEqual(r.Values)), Is.True);
    }
}
