using DataGen.Configuration;
using DataGen.Costs;

namespace DataGen.Tests.Costs;

public sealed class CostCalculatorTests
{
    [Test]
    public void Cost_CacheWriteRateSet_CacheWriteTokensPricedAtIt()
    {
        var costs = Calculator(new ModelPrice { InputPerMillion = 3m, OutputPerMillion = 15m, CachedInputPerMillion = 0.3m, CacheWriteInputPerMillion = 3.75m });

        // 1,000,000 input: 500,000 cache reads, 200,000 cache writes, 300,000 plain; no output.
        var cost = costs.Cost("m", input: 1_000_000, output: 0, cachedInput: 500_000, cacheWriteInput: 200_000);

        Assert.That(cost, Is.EqualTo((0.3m * 3m) + (0.5m * 0.3m) + (0.2m * 3.75m)));
    }

    [Test]
    public void Cost_NoCacheWriteRate_CacheWriteTokensPricedAsPlainInput()
    {
        var costs = Calculator(new ModelPrice { InputPerMillion = 3m, OutputPerMillion = 15m, CachedInputPerMillion = 0.3m });

        var cost = costs.Cost("m", input: 1_000_000, output: 0, cachedInput: 500_000, cacheWriteInput: 200_000);

        Assert.That(cost, Is.EqualTo((0.5m * 3m) + (0.5m * 0.3m)));
    }

    [Test]
    public void Cost_CacheCountsAboveInput_ClampedToTheInput()
    {
        var costs = Calculator(new ModelPrice { InputPerMillion = 3m, OutputPerMillion = 15m, CachedInputPerMillion = 0.3m, CacheWriteInputPerMillion = 3.75m });

        // A provider reporting more cache tokens than input: reads first, writes only up to what is left.
        var cost = costs.Cost("m", input: 1_000_000, output: 0, cachedInput: 800_000, cacheWriteInput: 800_000);

        Assert.That(cost, Is.EqualTo((0.8m * 0.3m) + (0.2m * 3.75m)));
    }

    private static CostCalculator Calculator(ModelPrice price) =>
        new(new Dictionary<string, ModelPrice>(StringComparer.Ordinal) { ["m"] = price });
}
