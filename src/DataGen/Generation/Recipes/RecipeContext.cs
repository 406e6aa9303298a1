using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Prompts;

namespace DataGen.Generation.Recipes;

/// <summary>What building a kind's recipe needs: the config, the sectioned constitution, and the prompt library (for snippets).</summary>
public sealed record RecipeContext(PipelineOptions Options, ConstitutionDocument Constitution, PromptLibrary Prompts)
{
    private readonly Lazy<IReadOnlyList<EvalFamily>> _families = new(() => EvalAvoidance.Load(Options.Quality.Decontamination.Folder, Options.Quality.Decontamination.CsvTextColumn));

    // The eval items only decide which first names are reserved alone; no folder, no items (as the families).
    private readonly Lazy<NameHygiene> _hygiene = new(() => NameHygiene.For(
        Options,
        Directory.Exists(Options.Quality.Decontamination.Folder)
            ? Quality.Decontamination.EvalSetLoader.Load(Options.Quality.Decontamination.Folder, Options.Quality.Decontamination.CsvTextColumn)
            : []));

    /// <summary>The shared preamble of a kind (<c>prompts/&lt;kind&gt;/preamble.md</c>).</summary>
    public PromptSnippet Preamble(DataKind kind) => Prompts.GetSnippet($"{kind.Name()}/preamble", $"the shared preamble of {kind.Name()}");

    /// <summary>The families of the configured eval sets (<c>quality.decontamination.folder</c>), read once.</summary>
    public IReadOnlyList<EvalFamily> EvalFamilies => _families.Value;

    /// <summary>
    /// The preamble as supplied to a kind's steps as <c>preamble</c>: the file's text, then the eval-avoidance rule
    /// (<see cref="EvalAvoidance"/>) as its last line when the eval sets name families.
    /// </summary>
    public string PreambleText(DataKind kind)
    {
        var rule = EvalAvoidance.Rule(EvalFamilies);
        var text = Preamble(kind).Text.TrimEnd();
        return rule.Length == 0 ? text : $"{text}\n{rule}";
    }

    /// <summary>
    /// Name hygiene of the run's generated text, built once: banned and real names, and the reserved eval names through
    /// the same <see cref="Quality.Decontamination.ReservedNameMatcher"/> the decontamination gate builds from the one list.
    /// </summary>
    public NameHygiene Hygiene => _hygiene.Value;

    /// <summary>The assistant's name (<c>constitution.modelName</c>).</summary>
    public string ModelName => Options.Constitution.ModelName;

    /// <summary>The banned names, written for a prompt.</summary>
    public string BannedNames => string.Join(", ", Options.Generation.NameHygiene.BannedNames);

    /// <summary>The default output budget of non-content steps.</summary>
    public int ProviderBudget => Options.Provider.MaxOutputTokens;

    /// <summary>The length in words <paramref name="step"/>'s prompt asks for: <c>steps.&lt;step&gt;.words</c>, else <paramref name="fallback"/>.</summary>
    public static int StepWords(KindOptions options, string step, int fallback)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Steps.TryGetValue(step, out var settings) && settings.Words is { } words ? words : fallback;
    }

    /// <summary>A step template's source, for error messages.</summary>
    public static string Source(DataKind kind, string step) => $"step '{step}' of {kind.Name()} (prompts/{kind.Name()}/{step}.md)";
}
