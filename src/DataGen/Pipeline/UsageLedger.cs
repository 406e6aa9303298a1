using System.Collections.Concurrent;
using DataGen.Costs;
using DataGen.Output;

namespace DataGen.Pipeline;

/// <summary>
/// Token usage and cost of every model call, summed per stage, kind, endpoint, model and recipe step, with calls replayed from the
/// response store kept apart from calls paid in this run. Thread-safe.
/// </summary>
public sealed class UsageLedger
{
    private readonly ConcurrentDictionary<(string Stage, string Kind, string Endpoint, string Model, string Step), Counter> _lines = new();
    private readonly CostCalculator _costs;
    private readonly Lock _lock = new();
    private decimal _paidCost;
    private long _paidCalls;
    private long _replayedCalls;
    private long _input;
    private long _output;

    public UsageLedger(CostCalculator costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        _costs = costs;
    }

    /// <summary>Money spent on new calls in this run.</summary>
    public decimal PaidCost
    {
        get
        {
            lock (_lock)
            {
                return _paidCost;
            }
        }
    }

    public long PaidCalls => Interlocked.Read(ref _paidCalls);

    public long ReplayedCalls => Interlocked.Read(ref _replayedCalls);

    /// <summary>Input plus output tokens of all calls, paid and replayed.</summary>
    public long Tokens => Interlocked.Read(ref _input) + Interlocked.Read(ref _output);

    /// <summary>
    /// Records one call and returns the money spent on it (0 when replayed). <c>step</c> is the recipe step
    /// (<c>kind/step</c>) of a plan or generate call; other stages' calls count under <c>kind/stage</c>.
    /// </summary>
    public decimal Record(string stage, string kind, string endpoint, string model, long input, long output, long cachedInput, long cacheWriteInput, bool replayed, bool batch = false, string? step = null)
    {
        var cost = _costs.Cost(model, input, output, cachedInput, cacheWriteInput, batch);
        // The judge's calls carry its rubric's prompt name as their step; plan lines name them by the stage.
        var stepKey = stage is "generate" or "plan" && step is not null ? step : $"{kind}/{stage}";
        var line = _lines.GetOrAdd((stage, kind, endpoint, model, stepKey), _ => new Counter());
        Interlocked.Add(ref _input, input);
        Interlocked.Add(ref _output, output);
        lock (line)
        {
            if (replayed)
            {
                line.ReplayedCalls++;
                line.ReplayedCost += cost;
            }
            else
            {
                line.Calls++;
                line.Cost += cost;
                line.BatchCalls += batch ? 1 : 0;
            }

            line.Input += input;
            line.Output += output;
            line.CachedInput += cachedInput;
            line.CacheWriteInput += cacheWriteInput;
        }

        if (replayed)
        {
            Interlocked.Increment(ref _replayedCalls);
            return 0m;
        }

        Interlocked.Increment(ref _paidCalls);
        lock (_lock)
        {
            _paidCost += cost;
        }

        return cost;
    }

    /// <summary>Calls, tokens and cost of one kind's calls alone (every stage: plan, generate, judge, ...).</summary>
    public ManifestUsageLine ForKind(string kind) =>
        Sum(_lines.Where(l => string.Equals(l.Key.Kind, kind, StringComparison.Ordinal)).Select(l => l.Value));

    /// <summary>The figures for the manifest.</summary>
    public ManifestUsage ToManifest()
    {
        var lines = _lines.ToArray();
        IReadOnlyDictionary<string, ManifestUsageLine> By(Func<(string Stage, string Kind, string Endpoint, string Model, string Step), string> key) =>
            new SortedDictionary<string, ManifestUsageLine>(
                lines.GroupBy(l => key(l.Key)).ToDictionary(g => g.Key, g => Sum(g.Select(l => l.Value))), StringComparer.Ordinal);
        return new ManifestUsage
        {
            Total = Sum(lines.Select(l => l.Value)),
            ByStage = By(k => k.Stage),
            ByKind = By(k => k.Kind),
            ByEndpoint = By(k => k.Endpoint),
            ByModel = By(k => k.Model),
            ByStep = By(k => k.Step),
        };
    }

    private static ManifestUsageLine Sum(IEnumerable<Counter> counters)
    {
        var result = new ManifestUsageLine();
        foreach (var c in counters)
        {
            lock (c)
            {
                result = result with
                {
                    Calls = result.Calls + c.Calls,
                    ReplayedCalls = result.ReplayedCalls + c.ReplayedCalls,
                    BatchCalls = result.BatchCalls + c.BatchCalls,
                    InputTokens = result.InputTokens + c.Input,
                    OutputTokens = result.OutputTokens + c.Output,
                    CachedInputTokens = result.CachedInputTokens + c.CachedInput,
                    CacheWriteInputTokens = result.CacheWriteInputTokens + c.CacheWriteInput,
                    Cost = result.Cost + c.Cost,
                    ReplayedCost = result.ReplayedCost + c.ReplayedCost,
                };
            }
        }

        return result with { Cost = decimal.Round(result.Cost, 6), ReplayedCost = decimal.Round(result.ReplayedCost, 6) };
    }

    private sealed class Counter
    {
        public long Calls;
        public long ReplayedCalls;
        public long BatchCalls;
        public long Input;
        public long Output;
        public long CachedInput;
        public long CacheWriteInput;
        public decimal Cost;
        public decimal ReplayedCost;
    }
}
