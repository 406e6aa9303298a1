using DataGen.Configuration;
using DataGen.Generation.Recipes;
using DataGen.Planning;
using DataGen.Prompts;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation;

/// <summary>Everything DataGen knows about one kind, in one place (<see cref="KindCatalog"/>).</summary>
public sealed record KindEntry
{
    public required DataKind Kind { get; init; }

    /// <summary>Folder and <c>kind</c> column value: documents, stories, advice_chats.</summary>
    public required string Name { get; init; }

    /// <summary>The key under <c>generation</c> (and per-kind quality settings) in <c>pipeline.json</c>.</summary>
    public required string ConfigKey { get; init; }

    /// <summary>One line for the dataset card.</summary>
    public required string CardDescription { get; init; }

    public required Func<GenerationOptions, KindOptions> Options { get; init; }

    public required Func<ChecksOptions, LengthBounds> LengthBounds { get; init; }

    public required Func<JudgeOptions, JudgeThresholds> JudgeThresholds { get; init; }

    public required Func<RecipeContext, Recipe> Recipe { get; init; }

    /// <summary>The seed source: list-making plan steps (if any) run through the caller.</summary>
    public required Func<Recipe, IReadOnlyList<PromptTemplate>, RecipeContext, ModelCaller, ILogger, ISeedSource> SeedSource { get; init; }

    /// <summary>Axis values of a seed to preview prompts with, without calling a model.</summary>
    public required Func<RecipeContext, IReadOnlyDictionary<string, string>> PreviewAxes { get; init; }

    /// <summary>What the dry-run plan needs of the kind: published volume, plan-step calls, list sizes.</summary>
    public required PlanningVolumes Volumes { get; init; }
}
