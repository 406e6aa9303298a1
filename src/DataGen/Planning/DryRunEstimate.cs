using DataGen.Costs;
using DataGen.Pipeline;

namespace DataGen.Planning;

/// <summary>
/// What <c>datagen run --dry-run</c> prints: calls, tokens and cost estimated from the config without calling a model.
/// The figures are <see cref="VolumePlanner"/>'s for the configured counts (plan steps by their fan-out, one call per
/// enabled seed step and sample, re-asks not counted; input from rendered prompts with earlier steps' output filled
/// in; output = the length each prompt states), priced with the <c>prices</c> table.
/// </summary>
public sealed record DryRunEstimate
{
    /// <summary>Models the run calls that <c>prices</c> does not name (costed 0 here), each with the JSON path that chose it.</summary>
    public IReadOnlyList<(string Model, string UsedBy)> Unpriced { get; init; } = [];

    /// <summary>Seeds rendered per kind to measure prompt length (the planner renders one preview seed per kind).</summary>
    public const int SampledSeeds = 1;

    /// <summary>Assumed characters per token.</summary>
    public const double CharactersPerToken = VolumePlanner.CharsPerToken;

    public required IReadOnlyList<DryRunLine> Lines { get; init; }

    public long Calls => Lines.Sum(l => l.Calls);

    public long InputTokens => Lines.Sum(l => l.InputTokens);

    public long OutputTokens => Lines.Sum(l => l.OutputTokens);

    public decimal Cost => Lines.Sum(l => l.Cost);

    public static DryRunEstimate For(PreparedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = run.Options;
        var costs = new CostCalculator(options.Prices);
        var lines = VolumePlanner.Plan(run).Configured
            .SelectMany(kind => kind.Steps.Where(s => s.Enabled).Select(s =>
                new DryRunLine(kind.Kind, s.Step, s.Calls, s.InputTokens, s.OutputTokens, costs.Cost(s.Model, s.InputTokens, s.OutputTokens))
                {
                    Provider = s.Provider,
                    Model = s.Model,
                }))
            .ToList();
        return new DryRunEstimate { Lines = lines, Unpriced = CostCalculator.Unpriced(options) };
    }
}
