using DataGen.Configuration;
using DataGen.Costs;
using DataGen.Pipeline;

namespace DataGen.Tests.Pipeline;

public sealed class UsageLedgerTests
{
    private static readonly Dictionary<string, ModelPrice> Prices = new(StringComparer.Ordinal)
    {
        ["claude-test"] = new ModelPrice { InputPerMillion = 3m, OutputPerMillion = 15m, CachedInputPerMillion = 0.3m, CacheWriteInputPerMillion = 3.75m },
    };

    [Test]
    public void Record_CacheWriteTokens_PricedAtCacheWriteRateAndCountedOnEveryLine()
    {
        var ledger = new UsageLedger(new CostCalculator(Prices));

        // 1,300 input tokens: 1,000 read from the cache, 200 written to it, 100 plain.
        var paid = ledger.Record("generate", "stories", "primary", "claude-test", input: 1300, output: 50, cachedInput: 1000, cacheWriteInput: 200, replayed: false);
        ledger.Record("generate", "stories", "primary", "claude-test", input: 1300, output: 50, cachedInput: 1000, cacheWriteInput: 200, replayed: true);

        // 100 × 3 + 1,000 × 0.3 + 200 × 3.75 + 50 × 15 = 2,100 per million.
        var expected = 0.0021m;
        var usage = ledger.ToManifest();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(paid, Is.EqualTo(expected));
            Assert.That(ledger.PaidCost, Is.EqualTo(expected));
            Assert.That(usage.Total.Cost, Is.EqualTo(expected));
            Assert.That(usage.Total.ReplayedCost, Is.EqualTo(expected), "a replayed call reports what it cost when first paid");
            Assert.That(usage.Total.CacheWriteInputTokens, Is.EqualTo(400));
            Assert.That(usage.Total.CachedInputTokens, Is.EqualTo(2000));
            Assert.That(usage.ByStage["generate"].CacheWriteInputTokens, Is.EqualTo(400));
            Assert.That(usage.ByKind["stories"].CacheWriteInputTokens, Is.EqualTo(400));
            Assert.That(usage.ByEndpoint["primary"].CacheWriteInputTokens, Is.EqualTo(400));
            Assert.That(usage.ByModel["claude-test"].CacheWriteInputTokens, Is.EqualTo(400));
        }
    }

    [Test]
    public void ToManifest_CallsOfStepsAndOfTheJudge_SummedPerKindAndStepAsPlanNamesThem()
    {
        var ledger = new UsageLedger(new CostCalculator(Prices));

        ledger.Record("plan", "documents", "primary", "claude-test", input: 100, output: 10, cachedInput: 0, cacheWriteInput: 0, replayed: false, step: "documents/types");
        ledger.Record("generate", "documents", "primary", "claude-test", input: 700, output: 900, cachedInput: 0, cacheWriteInput: 0, replayed: false, step: "documents/draft");
        ledger.Record("generate", "documents", "primary", "claude-test", input: 800, output: 950, cachedInput: 0, cacheWriteInput: 0, replayed: false, step: "documents/draft");
        // The judge's calls carry its rubric's prompt name as their step; they count under the kind's judge line.
        ledger.Record("judge", "documents", "primary", "claude-test", input: 5000, output: 120, cachedInput: 0, cacheWriteInput: 0, replayed: false, step: "judge/documents");
        var usage = ledger.ToManifest();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(usage.ByStep.Keys, Is.EqualTo(new[] { "documents/draft", "documents/judge", "documents/types" }));
            Assert.That(usage.ByStep["documents/draft"].Calls, Is.EqualTo(2));
            Assert.That(usage.ByStep["documents/draft"].OutputTokens, Is.EqualTo(1850));
            Assert.That(usage.ByStep["documents/judge"].InputTokens, Is.EqualTo(5000));
            Assert.That(usage.ByStep.Values.Sum(l => l.Calls), Is.EqualTo(usage.Total.Calls));
        }
    }
}
