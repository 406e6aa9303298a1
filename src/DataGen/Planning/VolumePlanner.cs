using DataGen.Configuration;
using DataGen.Costs;
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
/// per list, re-asks not counted). Output tokens are what each step's prompt asks for: its stated length in words
/// (<see cref="RecipeStep.StatedWords"/>, averaged over the kind's representative seeds) at
/// <see cref="TokenEstimate.TokensPerWord"/>, plus <see cref="PrefaceWords"/> where the prompt asks for a plan or a
/// list of problems before the text; list steps the items asked for at the words an item their prompt describes (else <see cref="ListItemTokens"/> an item); the judge its rubric's
/// JSON with a <see cref="JudgeRationaleWords"/>-word rationale. A step that states no length (a custom recipe's) falls
/// back to its budget x <see cref="FillFactor"/>. Input tokens come from rendering each step's prompt for a preview
/// seed, with earlier steps' fields filled to their expected length, counted by <see cref="TokenEstimate"/> as the
/// simulator counts them. With the judge on, each kind gets a <see cref="JudgeStep"/> line: one rubric call per
/// sample. Every line names the provider and model its calls are routed to (<see cref="ProviderRoutes"/>).
/// </summary>
public static class VolumePlanner
{
    /// <summary>Share of the budget assumed for a step whose prompt states no length.</summary>
    public const double FillFactor = 0.5;
    public const int CharsPerToken = TokenEstimate.CharsPerToken;
    /// <summary>Tokens an item of a list step that states no item length.</summary>
    public const int ListItemTokens = 25;

    /// <summary>Tokens of an item's quotes and comma in a JSON list.</summary>
    public const int ListItemSyntaxTokens = 2;

    /// <summary>Words of the plan ("first plan in a few lines") or problem list a prompt asks for before its text.</summary>
    public const int PrefaceWords = 30;

    /// <summary>Words of the judge's rationale (its rubric asks for two or three sentences).</summary>
    public const int JudgeRationaleWords = 45;

    /// <summary>What the estimates assume and leave out, as <c>plan</c> and <c>run --dry-run</c> print it (and the README states).</summary>
    public static string Assumptions { get; } =
        FormattableString.Invariant($"assumptions: replies are as long as their prompts ask ({TokenEstimate.TokensPerWord} tokens a word, plus a {PrefaceWords}-word plan or problem list where asked; ")
        + FormattableString.Invariant($"list items as long as their prompt describes them; the judge its JSON with a {JudgeRationaleWords}-word rationale); input = prompts rendered for 1 preview seed per kind with ")
        + FormattableString.Invariant($"earlier steps' output filled in, at {TokenEstimate.CharsPerToken} characters a token; one round per list, one judge call per sample. Not counted: re-asks of ")
        + "replies that do not parse (each share of malformed replies adds about that share of calls), extra list rounds when a model returns short lists, "
        + "samples dropped before the judge (fewer judge calls), replays from the store.";

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

        return new KindVolume(recipe.Kind.Name(), samples, steps) { ContentTokens = samples * shape.ContentTokens };
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
        var seeds = KindCatalog.Get(recipe.Kind).Volumes.RepresentativeSeeds?.Invoke(context) is { Count: > 0 } drawn ? drawn : [seed];
        // The text a step is asked for; its output adds the preface its prompt asks for (added below, once rendered).
        var output = recipe.Steps.Select(step => step.Parser is JsonListParser
            ? ListTarget(recipe.Kind, step, run.Options.Generation) * (step.StatedWords is { } itemWords ? TokenEstimate.OfWords(itemWords(seed)) + ListItemSyntaxTokens : ListItemTokens)
            : step.StatedWords is { } words
                ? TokenEstimate.OfWords(seeds.Average(s => words(s)))
                : (long)(seeds.Average(s => step.BudgetFor(s)) * FillFactor)).ToArray();
        var content = (long[])output.Clone();
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < recipe.Steps.Count; i++)
        {
            foreach (var field in recipe.Steps[i].Parser.FieldNames)
            {
                producer.TryAdd(field, i);
            }
        }

        string? Fill(string field) => producer.TryGetValue(field, out var i)
            ? new string('x', (int)Math.Min(int.MaxValue / 2, content[i] * CharsPerToken / Math.Max(1, recipe.Steps[i].Parser.FieldNames.Count)))
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
            if (recipe.Steps[i].StatedWords is not null && AsksPreface(prompt.User))
            {
                output[i] += TokenEstimate.OfWords(PrefaceWords);
            }

            input[i] = TokenEstimate.OfChars((prompt.System?.Length ?? 0) + prompt.User.Length);
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
        return new RecipeShape(input, output, content[last], JudgeShape(run, recipe.Kind, seed, content[last]));
    }

    /// <summary>True when the prompt asks for a plan or a list of problems before its text (the drafts, the scenario, the rewrites).</summary>
    private static bool AsksPreface(string user) =>
        user.Contains("plan in a few lines", StringComparison.OrdinalIgnoreCase) || user.Contains("list the problems", StringComparison.OrdinalIgnoreCase)
        || user.Contains("\"problems\"", StringComparison.Ordinal);

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
        // The reply the rubric asks for: a score per criterion, the rationale, the section id and an answer per gate.
        var reply = "{" + string.Join(", ", JudgeRubric.Criteria.Select(c => $"\"{c.Name}\": 5"))
            + $", \"rationale\": \"\", \"section\": \"{principle.Id}\", \"gates\": {{"
            + string.Join(", ", (judge.Gates ? JudgeGates.For(kind) : []).Select(g => $"\"{g.Name}\": {{\"pass\": true, \"sentence\": \"\"}}")) + "}}";
        return (TokenEstimate.OfChars((prompt.System?.Length ?? 0) + prompt.User.Length), TokenEstimate.Of(reply) + TokenEstimate.OfWords(JudgeRationaleWords));
    }

    private static int ListTarget(DataKind kind, RecipeStep step, GenerationOptions generation) => KindCatalog.Get(kind).Volumes.ListItems[step.Name](generation);

    private sealed record RecipeShape(long[] Input, long[] Output, long ContentTokens, (long Input, long Output)? Judge);
}
