using DataGen.Costs;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Pipeline;
using DataGen.Seeds;

namespace DataGen.Planning;

/// <summary>
/// What <c>datagen run --dry-run</c> prints: calls, tokens and cost estimated from the config without calling a model.
/// Calls are samples × recipe steps (re-asks not counted). Input tokens come from rendering each step's prompt for the
/// first <see cref="SampledSeeds"/> seeds at about 4 characters a token, plus the estimated output of earlier steps a
/// later step reads. Output tokens are each step's output budget × <see cref="OutputFillFactor"/>. Kept in one small
/// class so a fuller planner can replace it.
/// </summary>
public sealed record DryRunEstimate
{
    /// <summary>Seeds rendered per kind to measure prompt length.</summary>
    public const int SampledSeeds = 5;

    /// <summary>Assumed share of the output budget a reply uses.</summary>
    public const double OutputFillFactor = 0.6;

    /// <summary>Assumed characters per token.</summary>
    public const double CharactersPerToken = 4.0;

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
        var lines = new List<DryRunLine>();
        foreach (var (recipe, templates) in run.Recipes)
        {
            var count = run.Counts[recipe.Kind];
            // The other helper's planner may replace seed planning; the estimate only needs a few rendered prompts.
            var seeds = SeedPlanner.Plan(recipe.Kind, options.Generation.Options(recipe.Kind), run.Constitution, options.Run.Seed, Math.Min(count, SampledSeeds)).ToList();
            var preview = new RecipePreview(recipe, templates);
            var rendered = seeds.Select(preview.Render).ToList();
            double earlierOutput = 0;
            for (var i = 0; i < recipe.Steps.Count; i++)
            {
                var step = recipe.Steps[i];
                var characters = rendered.Count == 0 ? 0 : rendered.Average(r => (r[i].Prompt.System?.Length ?? 0) + r[i].Prompt.User.Length);
                var inputPerCall = (characters / CharactersPerToken) + earlierOutput;
                var outputPerCall = step.MaxOutputTokens * OutputFillFactor;
                earlierOutput += outputPerCall;
                var input = (long)Math.Round(inputPerCall * count);
                var output = (long)Math.Round(outputPerCall * count);
                lines.Add(new DryRunLine(recipe.Kind.Name(), step.Name, count, input, output, costs.Cost(options.Provider.Model, input, output)));
            }
        }

        return new DryRunEstimate { Lines = lines };
    }
}
