using DataGen.Configuration;

namespace DataGen.Costs;

/// <summary>Turns token counts into money with the <c>prices</c> table of <c>pipeline.json</c>; a model without a price costs 0.</summary>
public sealed class CostCalculator
{
    private readonly IReadOnlyDictionary<string, ModelPrice> _prices;

    public CostCalculator(IReadOnlyDictionary<string, ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        _prices = prices;
    }

    /// <summary>True when the table names a price for <paramref name="model"/>.</summary>
    public bool HasPrice(string model) => _prices.ContainsKey(model);

    /// <summary>
    /// Cost of one call or a sum of calls; tokens read from (<paramref name="cachedInput"/>) and written to
    /// (<paramref name="cacheWriteInput"/>) the prompt cache are part of <paramref name="input"/>.
    /// </summary>
    public decimal Cost(string model, long input, long output, long cachedInput = 0, long cacheWriteInput = 0)
    {
        if (!_prices.TryGetValue(model, out var price))
        {
            return 0m;
        }

        var cached = Math.Clamp(cachedInput, 0, input);
        var written = Math.Clamp(cacheWriteInput, 0, input - cached);
        var money = ((input - cached - written) * price.InputPerMillion)
            + (cached * (price.CachedInputPerMillion ?? price.InputPerMillion))
            + (written * (price.CacheWriteInputPerMillion ?? price.InputPerMillion))
            + (output * price.OutputPerMillion);
        return money / 1_000_000m;
    }
}
