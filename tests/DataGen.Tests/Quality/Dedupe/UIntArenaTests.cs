using DataGen.Quality.Dedupe;

namespace DataGen.Tests.Quality.Dedupe;

public sealed class UIntArenaTests
{
    [Test]
    public void Append_RunsPastSeveralChunkBoundaries_ReadBackUnchanged()
    {
        var arena = new UIntArena();
        var runs = new List<(long Start, uint[] Values)>();
        // A first run that fills a 2^20-value chunk exactly, then runs that do not divide one.
        var lengths = new[] { 1 << 20 }.Concat(Enumerable.Repeat(112, 20_000)).Concat(Enumerable.Repeat(281, 5_000)).Append(0);
        var next = 1u;
        foreach (var length in lengths)
        {
            var values = Enumerable.Range(0, length).Select(_ => next++).ToArray();
            runs.Add((arena.Append(values), values));
        }

        Assert.That(runs.All(r => arena.Slice(r.Start, r.Values.Length).SequenceEqual(r.Values)), Is.True);
    }
}
