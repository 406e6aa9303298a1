using DataGen.Prompts;
using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// Renders every step's prompt for a seed without calling a model, plan steps and disabled steps included; fields a
/// step would get from earlier replies or from its list loop are shown as markers (or filled by
/// <c>fill</c>, which the volume planner uses to size them). Used by <c>datagen validate</c> and <c>datagen plan</c>.
/// </summary>
public sealed class RecipePreview(Recipe recipe, IReadOnlyList<PromptTemplate> templates)
{
    public IReadOnlyList<(string Step, RenderedPrompt Prompt)> Render(Seed seed, Func<string, string?>? fill = null)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var state = recipe.Steps.SelectMany(s => s.Parser.FieldNames.Concat(s.Inputs)).Distinct()
            .ToDictionary(f => f, f => fill?.Invoke(f) ?? $"<{f} from an earlier step>", StringComparer.Ordinal);
        return [.. recipe.Steps.Select((step, i) => (step.Name, templates[i].Render(step.Values(seed, state))))];
    }
}
