using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Prompts;

namespace DataGen.Generation.Recipes;

/// <summary>What building a kind's recipe needs: the config, the sectioned constitution, and the prompt library (for snippets).</summary>
public sealed record RecipeContext(PipelineOptions Options, ConstitutionDocument Constitution, PromptLibrary Prompts)
{
    /// <summary>The shared preamble of a kind (<c>prompts/&lt;kind&gt;/preamble.md</c>), supplied to its steps as <c>preamble</c>.</summary>
    public PromptSnippet Preamble(DataKind kind) => Prompts.GetSnippet($"{kind.Name()}/preamble", $"the shared preamble of {kind.Name()}");

    /// <summary>The banned names, written for a prompt.</summary>
    public string BannedNames => string.Join(", ", Options.Generation.NameHygiene.BannedNames);

    /// <summary>The default output budget of non-content steps.</summary>
    public int ProviderBudget => Options.Provider.MaxOutputTokens;

    /// <summary>A step template's source, for error messages.</summary>
    public static string Source(DataKind kind, string step) => $"step '{step}' of {kind.Name()} (prompts/{kind.Name()}/{step}.md)";
}
