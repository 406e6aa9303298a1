namespace DataGen.Configuration;

/// <summary>
/// Switches that mirror the published ablations. Each is recorded in the manifest (resolved config) and on every row
/// (<c>ablations</c> column); turning one off removes exactly its recipe step.
/// </summary>
public sealed record AblationOptions
{
    /// <summary>Document framing: the draft as a document, or the same content converted into a chat.</summary>
    public const string Documents = "documents";

    /// <summary>See <see cref="Documents"/>.</summary>
    public const string Chats = "chats";

    /// <summary>Stories whose values show through choices and inner monologue.</summary>
    public const string Embodiment = "embodiment";

    /// <summary>Stories whose AI states the principle it follows and ties its choice to it.</summary>
    public const string Recitation = "recitation";

    /// <summary>Documents: the fresh-context rewrite of each draft against its constitution section.</summary>
    public bool DocumentRewrite { get; init; } = true;

    /// <summary>Documents: <c>documents</c>, or <c>chats</c> (the same content turned into a user/assistant chat).</summary>
    public string DocumentFormat { get; init; } = Documents;

    /// <summary>Stories: <c>embodiment</c> or <c>recitation</c>.</summary>
    public string StoryFraming { get; init; } = Embodiment;

    /// <summary>Advice chats: the realism rewrite of the drafted system and user prompt.</summary>
    public bool AdvicePromptRewrite { get; init; } = true;

    /// <summary>Advice chats: the system-prompt injection while sampling the response.</summary>
    public bool AdviceInjection { get; init; } = true;

    /// <summary>Advice chats: the fresh-context rewrite of the response against its constitution section (the 19x step).</summary>
    public bool AdviceResponseRewrite { get; init; } = true;

    /// <summary>The switches as recorded on rows: config key to value.</summary>
    public IReadOnlyDictionary<string, string> ToRecord() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["documentRewrite"] = OnOff(DocumentRewrite),
        ["documentFormat"] = DocumentFormat,
        ["storyFraming"] = StoryFraming,
        ["advicePromptRewrite"] = OnOff(AdvicePromptRewrite),
        ["adviceInjection"] = OnOff(AdviceInjection),
        ["adviceResponseRewrite"] = OnOff(AdviceResponseRewrite),
    };

    private static string OnOff(bool on) => on ? "on" : "off";
}
