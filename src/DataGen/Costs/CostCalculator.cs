using DataGen.Configuration;
using DataGen.Providers.Routing;

namespace DataGen.Costs;

/// <summary>
/// Turns token counts into money with the <c>prices</c> table of <c>pipeline.json</c>. A model without a price costs
/// 0, which is why <see cref="Unpriced"/> finds every such model a run would call: with a budget set that is a config
/// error (<see cref="UnpricedProblems"/>), otherwise a warning the run and <c>--dry-run</c> print.
/// </summary>
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
    /// (<paramref name="cacheWriteInput"/>) the prompt cache are part of <paramref name="input"/>. A call sent through a
    /// batch API (<paramref name="batch"/>) costs the model's <see cref="ModelPrice.Batch"/> share.
    /// </summary>
    public decimal Cost(string model, long input, long output, long cachedInput = 0, long cacheWriteInput = 0, bool batch = false)
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
        return (batch ? money * price.Batch : money) / 1_000_000m;
    }

    /// <summary>Every model the run calls that <c>prices</c> does not name, each with the JSON path that chose it.</summary>
    public static IReadOnlyList<(string Model, string UsedBy)> Unpriced(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var routes = new ProviderRoutes(options);
        var used = routes.Generation.Select(r => (r.Model, UsedBy: r.JsonPath + ".model")).ToList();
        if (options.Quality.Judge.Enabled)
        {
            used.Add((routes.Judge.Model, options.Quality.Judge.Model is null ? routes.Judge.JsonPath + ".model" : "$.quality.judge.model"));
        }

        return [.. used.DistinctBy(u => u.Model).Where(u => !options.Prices.ContainsKey(u.Model))];
    }

    /// <summary>With <c>budget.maxCost</c> set, one problem per unpriced model: a cap that counts them as free never stops.</summary>
    public static IEnumerable<string> UnpricedProblems(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Budget.MaxCost is null)
        {
            return [];
        }

        return Unpriced(options).Select(u =>
            $"$.prices: no price for model '{u.Model}' (used by {u.UsedBy}); budget.maxCost is set, and a model without a price would count as free, so the cap could never stop it");
    }
}
