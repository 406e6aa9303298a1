using DataGen.Prompts;
using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// Renders every step's prompt for a seed without calling a model; fields a step would get from earlier replies
/// are shown as markers. Used by <c>datagen validate</c>.
/// </summary>
public sealed class RecipePreview(Recipe recipe, IReadOnlyList<PromptTemplate> templates)
{
    public IReadOnlyList<(string Step, RenderedPrompt Prompt)> Render(Seed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var state = recipe.Steps.SelectMany(s => s.Parser.FieldNames).Distinct()
            .ToDictionary(f => f, f => $"<{f} from an earlier step>", StringComparer.Ordinal);
        return [.. recipe.Steps.Select((step, i) => (step.Name, templates[i].Render(step.Values(seed, state))))];
    }
}
