namespace DataGen.Generation.Recipes;

/// <summary>
/// Provenance fields with their own row column. Any other key a recipe records lands in the row's <c>provenance</c> map.
/// </summary>
public static class ProvenanceKeys
{
    public const string Framing = "framing";
    public const string DocumentType = "document_type";
    public const string DocumentSubtype = "document_subtype";

    /// <summary>"true" when the rewrite changed the text, "false" when it returned it unchanged; absent without a rewrite.</summary>
    public const string RewriteChanged = "rewrite_changed";

    /// <summary>The text before the rewrite (documents' draft).</summary>
    public const string TextBeforeRewrite = "text_before_rewrite";
    public const string Scenario = "scenario";
    public const string PromptBeforeRewrite = "prompt_before_rewrite";
    public const string RewrittenPrompt = "rewritten_prompt";
    public const string InjectionId = "injection_id";
    public const string ResponseBeforeRewrite = "response_before_rewrite";
    public const string NameReplacements = "name_replacements";

    /// <summary>The documents rewrite step's problem list (the text before its improved document).</summary>
    public const string DocumentCritique = "document_critique";

    /// <summary>The advice prompt-rewrite step's list of what was unrealistic.</summary>
    public const string PromptCritique = "prompt_critique";

    /// <summary>The advice response-rewrite step's problem list (the text before its improved response).</summary>
    public const string ResponseCritique = "response_critique";
}
