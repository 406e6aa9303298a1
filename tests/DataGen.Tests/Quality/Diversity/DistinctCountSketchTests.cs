using System.IO.Hashing;
using DataGen.Quality.Diversity;

namespace DataGen.Tests.Quality.Diversity;

public sealed class DistinctCountSketchTests
{
    [TestCase(500)]
    [TestCase(20_000)]
    [TestCase(300_000)]
    public void Estimate_DistinctValuesAddedTwice_IsWithinTwoPercentOfTheTrueCount(int distinct)
    {
        var sketch = new DistinctCountSketch();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < distinct; i++)
            {
                sketch.Add(XxHash64.HashToUInt64(BitConverter.GetBytes(i)));
            }
        }

        Assert.That(sketch.Estimate(), Is.EqualTo(distinct).Within(2).Percent);
    }

    [Test]
    public void Estimate_Empty_IsZero()
    {
        Assert.That(new DistinctCountSketch().Estimate(), Is.Zero);
    }
}
