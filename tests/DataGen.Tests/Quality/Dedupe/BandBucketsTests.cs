using DataGen.Quality.Dedupe;

namespace DataGen.Tests.Quality.Dedupe;

public sealed class BandBucketsTests
{
    [Test]
    public void Push_ManyKeysPastSeveralGrowths_EachHeadIsTheLastPushedAndPushReturnsThePrevious()
    {
        var buckets = new BandBuckets();
        // 0 is a legal key (an empty slot is told apart by its document half), and keys sharing their top bits collide.
        var keys = new uint[] { 0, 1, 0x8000_0000, 0x8000_0001, uint.MaxValue }.Concat(Enumerable.Range(0, 20_000).Select(i => (uint)i * 2654435761u)).Distinct().ToArray();
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < keys.Length; i++)
            {
                Assert.That(buckets.Push(keys[i], i), Is.EqualTo(-1), $"first push of key {keys[i]}");
            }

            for (var i = 0; i < keys.Length; i++)
            {
                Assert.That(buckets.Push(keys[i], keys.Length + i), Is.EqualTo(i), $"second push of key {keys[i]}");
            }

            Assert.That(keys.Select(buckets.Head), Is.EqualTo(Enumerable.Range(keys.Length, keys.Length)));
            Assert.That(buckets.Count, Is.EqualTo(keys.Length));
            Assert.That(buckets.Head(Enumerable.Range(2, 100).Select(k => (uint)k).First(k => !keys.Contains(k))), Is.EqualTo(-1));
        }
    }

    [Test]
    public void Head_EmptyTable_IsMinusOne()
    {
        Assert.That(new BandBuckets().Head(0), Is.EqualTo(-1));
    }
}
