using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Parsing;
using DataGen.Generation.Recipes;
using DataGen.Pipeline;
using DataGen.Prompts;
using DataGen.Providers.Routing;
using DataGen.Quality.Judging;
using DataGen.Seeds;

namespace DataGen.Planning;

/// <summary>
/// Estimates calls and tokens per kind and step before anything is paid. Calls follow each kind's fan-out (one round
/// per list, re-asks not counted). Output tokens are the step's budget x <see cref="FillFactor"/> (lists:
/// <see cref="ListItemTokens"/> per item). Input tokens come from rendering each step's prompt for a preview seed,
/// with earlier steps' fields filled to their expected length, at <see cref="CharsPerToken"/> characters a token.
/// With the judge on, each kind gets a <see cref="JudgeStep"/> line: one rubric call per sample around content of the
/// expected length. Every line names the provider and model its calls are routed to (<see cref="ProviderRoutes"/>).
/// </summary>
public static class VolumePlanner
{
    public const double FillFactor = 0.5;
    public const int CharsPerToken = 4;
    public const int ListItemTokens = 25;

    /// <summary>Content tokens the published work trained on, per kind (<see cref="PlanningVolumes.PublishedTokens"/>).</summary>
    public static IReadOnlyDictionary<DataKind, long> PublishedTokens { get; } = KindCatalog.All.ToDictionary(e => e.Kind, e => e.Volumes.PublishedTokens);

    public static VolumePlan Plan(PreparedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var configured = new List<KindVolume>();
        var published = new List<KindVolume>();
        foreach (var (recipe, templates) in run.Recipes)
        {
            var shape = Shape(run, recipe, templates);
            configured.Add(Volume(recipe, shape, run.Counts[recipe.Kind], run));
            var perSample = Math.Max(1, shape.ContentTokens);
            published.Add(Volume(recipe, shape, (long)Math.Ceiling((double)PublishedTokens[recipe.Kind] / perSample), run));
        }

        return new VolumePlan
        {
            Configured = configured,
            Published = published,
            PublishedTokens = PublishedTokens.ToDictionary(p => p.Key.Name(), p => p.Value),
            FillFactor = FillFactor,
            CharsPerToken = CharsPerToken,
            ListItemTokens = ListItemTokens,
        };
    }

    /// <summary>Name of the judge's line in a kind's steps.</summary>
    public const string JudgeStep = "judge";

    private static KindVolume Volume(Recipe recipe, RecipeShape shape, long samples, PreparedRun run)
    {
        var routes = new ProviderRoutes(run.Options);
        var steps = recipe.Steps.Select((step, i) =>
        {
            var calls = step.Enabled ? CallsFor(recipe, step, samples, run) : 0;
            var route = routes.For(recipe.Kind, step.Name);
            return new StepVolume(step.Name, step.Enabled, step.Scope == StepScope.Plan, calls, calls * shape.Input[i], calls * shape.Output[i], route.Name, route.Model);
        }).ToList();
        if (shape.Judge is { } judge)
        {
            // One rubric call per generated sample: an upper bound, as the checks before the judge drop some.
            steps.Add(new StepVolume(JudgeStep, true, false, samples, samples * judge.Input, samples * judge.Output, routes.Judge.Name, routes.Judge.Model));
        }

        return new KindVolume(recipe.Kind.Name(), samples, steps);
    }

    private static long CallsFor(Recipe recipe, RecipeStep step, long samples, PreparedRun run)
    {
        if (step.Scope == StepScope.Seed || samples == 0)
        {
            // A step several seeds share is one call per group of consecutive seeds.
            return step.SharedByGroup ? (samples + recipe.GroupSize - 1) / recipe.GroupSize : samples;
        }

        // Checked complete when the run was prepared (PlanningVolumes.Check).
        return KindCatalog.Get(recipe.Kind).Volumes.PlanCalls[step.Name](run.Options.Generation, run.Constitution.Principles.Count, samples);
    }

    /// <summary>Per step: expected input and output tokens of one call; and the final content's tokens per sample.</summary>
    private static RecipeShape Shape(PreparedRun run, Recipe recipe, IReadOnlyList<PromptTemplate> templates)
    {
        var context = run.Context;
        var seed = KindRecipes.PreviewSeed(recipe.Kind, context, recipe.GroupSize);
        var output = recipe.Steps.Select(step => (long)(step.Parser is JsonListParser
            ? ListTarget(recipe.Kind, step, run.Options.Generation) * ListItemTokens
            : AverageBudget(recipe, step, run) * FillFactor)).ToArray();
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < recipe.Steps.Count; i++)
        {
            foreach (var field in recipe.Steps[i].Parser.FieldNames)
            {
                producer.TryAdd(field, i);
            }
        }

        string? Fill(string field) => producer.TryGetValue(field, out var i)
            ? new string('x', (int)Math.Min(int.MaxValue / 2, output[i] * CharsPerToken / Math.Max(1, recipe.Steps[i].Parser.FieldNames.Count)))
            : field switch
            {
                ListBuilder.CountInput => "8",
                ListBuilder.AlreadyGeneratedInput => string.Join('\n', Enumerable.Repeat("- an item listed before", 4)),
                _ => $"<{field}>",
            };

        var rendered = new RecipePreview(recipe, templates).Render(seed, Fill);
        var input = new long[recipe.Steps.Count];
        for (var i = 0; i < rendered.Count; i++)
        {
            var prompt = rendered[i].Prompt;
            input[i] = ((prompt.System?.Length ?? 0) + prompt.User.Length) / CharsPerToken;
            // A continued conversation carries the last step that was called, as the recipe runner does: a switched-off
            // step in between (documents' draft when draft_group replaces it) is no history.
            var previous = i - 1;
            while (previous >= 0 && recipe.Steps[previous].Scope == StepScope.Seed && !recipe.Steps[previous].Enabled)
            {
                previous--;
            }

            if (!recipe.Steps[i].FreshContext && previous >= 0 && recipe.Steps[i].Scope == StepScope.Seed && recipe.Steps[previous].Scope == StepScope.Seed)
            {
                input[i] += input[previous] + output[previous];
            }
        }

        var last = recipe.Steps.Select((s, i) => (s, i)).Last(p => p.s.Enabled && p.s.Scope == StepScope.Seed).i;
        return new RecipeShape(input, output, output[last], JudgeShape(run, recipe.Kind, seed, output[last]));
    }

    /// <summary>The judge's rubric call: its template rendered around content of the expected length; null when the judge is off.</summary>
    private static (long Input, long Output)? JudgeShape(PreparedRun run, DataKind kind, Seed seed, long contentTokens)
    {
        var judge = run.Options.Quality.Judge;
        if (!judge.Enabled)
        {
            return null;
        }

        var (rubric, _) = JudgeStage.LoadTemplates(kind, judge, run.Prompts);
        var principle = seed.Principle;
        var prompt = rubric.Render(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = kind.Name(),
            ["principle_id"] = principle.Id,
            ["principle_title"] = principle.Title,
            ["principle_text"] = principle.Text,
            ["sections"] = string.Join("\n", run.Constitution.Principles.Select(p => $"- {p.Id}: {p.Title}")),
            ["content"] = new string('x', (int)Math.Min(int.MaxValue / 2, contentTokens * CharsPerToken)),
            ["constitution"] = JudgeStage.MarkedConstitution(run.Constitution, principle.Id),
            ["gates"] = string.Join("\n", (judge.Gates ? JudgeGates.For(kind) : []).Select(g => $"- {g.Name}: {g.Passes}")),
            ["eval_families"] = string.Join(", ", run.EvalItems.Select(i => i.Family).OfType<string>().Distinct(StringComparer.Ordinal)),
        });
        return (((prompt.System?.Length ?? 0) + prompt.User.Length) / CharsPerToken, (long)(judge.MaxOutputTokens * FillFactor));
    }

    private static int ListTarget(DataKind kind, RecipeStep step, GenerationOptions generation) => KindCatalog.Get(kind).Volumes.ListItems[step.Name](generation);

    private static double AverageBudget(Recipe recipe, RecipeStep step, PreparedRun run) =>
        step.MaxOutputTokensFor is not null && KindCatalog.Get(recipe.Kind).Volumes.AverageBudget is { } average
            ? average(step, run.Context)
            : step.MaxOutputTokens;

    private sealed record RecipeShape(long[] Input, long[] Output, long ContentTokens, (long Input, long Output)? Judge);
}
