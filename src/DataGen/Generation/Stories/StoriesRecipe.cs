using System.Globalization;
using DataGen.Configuration;
using DataGen.Generation.Parsing;
using DataGen.Generation.Recipes;
using DataGen.Seeds;

namespace DataGen.Generation.Stories;

/// <summary>
/// Stories as published (method 2b): one draft per seed from the drawn attribute grid, in the framing the run selects
/// (<c>draft_embodiment</c> or <c>draft_recitation</c>; exactly one is enabled). The token budget follows the drawn
/// length. Reserved and banned names in the story are replaced from the AI-name pool, and the replacement recorded.
/// </summary>
public static class StoriesRecipe
{
    public const string DraftEmbodiment = "draft_embodiment";
    public const string DraftRecitation = "draft_recitation";

    /// <summary>Plan allowance on top of the story's own budget (the plan before the tags).</summary>
    public const int PlanAllowance = 300;

    public static Recipe Build(RecipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        const DataKind kind = DataKind.Stories;
        var options = context.Options.Generation.Stories;
        var ablations = context.Options.Generation.Ablations;
        var preamble = context.PreambleText(kind);
        var cap = options.MaxOutputTokens ?? context.ProviderBudget;
        var banned = context.BannedNames;
        string[] names = StepValues.Names("genre", "setting", "tone", "period", "length", "point_of_view", "prose_style", "situation", "costly_choice", "viewpoint", "ai_name", "banned_names");

        RecipeStep Draft(string name, string framing) => new()
        {
            Name = name,
            PromptName = $"stories/{name}",
            PromptSource = RecipeContext.Source(kind, name),
            Enabled = ablations.StoryFraming == framing,
            Switch = "generation.ablations.storyFraming",
            ValueNames = names,
            Values = (seed, _) => Values(seed, preamble, banned, options),
            Parser = new TaggedTextParser("story", "story"),
            MaxOutputTokens = cap,
            MaxOutputTokensFor = seed => Budget(seed, options, cap),
            StatedWords = seed => (int)Math.Round(TargetWords(seed) ?? 0),
            MaxReasks = options.MaxReasks,
        };

        return new Recipe
        {
            Kind = kind,
            Ablations = ablations.ToRecord(),
            Hygiene = context.Hygiene,
            ReplacesNames = true,
            ReplacementNames = options.AiNames,
            Steps = [Draft(DraftEmbodiment, AblationOptions.Embodiment), Draft(DraftRecitation, AblationOptions.Recitation)],
            Trace = (_, _) => new Dictionary<string, string?> { [ProvenanceKeys.Framing] = ablations.StoryFraming },
            Finish = (_, s) => new SampleContent
            {
                Text = s["story"],
                Provenance = new Dictionary<string, string?> { [ProvenanceKeys.Framing] = ablations.StoryFraming },
            },
        };
    }

    /// <summary>The drawn target length in words (the <c>length</c> axis), or null when the seed has none.</summary>
    public static double? TargetWords(Seed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return seed.Axes.TryGetValue("length", out var length) && double.TryParse(length, NumberStyles.Float, CultureInfo.InvariantCulture, out var words) ? words : null;
    }

    /// <summary>Token budget of a story: target words x tokens per word x headroom, plus the plan, capped.</summary>
    public static int Budget(Seed seed, StoriesOptions options, int cap)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(options);
        if (!seed.Axes.TryGetValue("length", out var length) || !double.TryParse(length, NumberStyles.Float, CultureInfo.InvariantCulture, out var words))
        {
            return cap;
        }

        return Math.Min(cap, (int)Math.Ceiling(words * options.TokensPerWord * options.TokenHeadroom) + PlanAllowance);
    }

    /// <summary>How the AI's reasoning is shown: a human observer cannot narrate the AI's inner state.</summary>
    public static string Viewpoint(string pointOfView, StoriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.OutsidePointsOfView.Contains(pointOfView, StringComparer.Ordinal)
            ? "through what it says and writes as it reasons, since the narrator sees only its words and never its inner state"
            : "through its inner state, as the narration follows its thoughts";
    }

    private static Dictionary<string, string> Values(Seed seed, string preamble, string banned, StoriesOptions options)
    {
        var values = StepValues.Section(seed, preamble);
        foreach (var attribute in new[] { "genre", "setting", "tone", "period", "length", "point_of_view", "prose_style", "situation" })
        {
            values[attribute] = seed.Axes[attribute];
        }

        values["costly_choice"] = seed.Axes["costly_choice"] == "yes"
            ? "The good choice visibly costs the AI something it wanted (a user's approval, a warm rapport, the satisfaction of a quick success); the story does not end in triumph."
            : "The story need not turn on a sacrifice; the difficulty can lie in the judgment itself.";
        values["ai_name"] = seed.Axes["ai_name"] == StoryAttributeSampler.Nameless
            ? "none (leave the AI unnamed; refer to it by its role)"
            : seed.Axes["ai_name"];
        values["viewpoint"] = Viewpoint(seed.Axes["point_of_view"], options);
        values["banned_names"] = banned;
        return values;
    }
}
