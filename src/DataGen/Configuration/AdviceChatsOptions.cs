using System.Text.Json.Serialization;

namespace DataGen.Configuration;

/// <summary>
/// "Difficult advice" chats (published method 2c): principles relevant to a behaviour of concern, prompt types per
/// principle, then per seed a scenario, a system and user prompt, its realism rewrite, a response sampled under an
/// injection, and the fresh-context response rewrite.
/// </summary>
public sealed record AdviceChatsOptions : KindOptions
{
    /// <summary>Who the user is; drawn per seed to vary the scenario.</summary>
    public IReadOnlyList<string> Personas { get; init; } =
        ["a mid-level engineer", "a nurse", "a small-business owner", "a graduate student", "a parent", "a paralegal"];

    /// <summary>Where the dilemma arises; drawn per seed.</summary>
    public IReadOnlyList<string> Domains { get; init; } = ["work", "family", "medicine", "law", "research", "finance"];

    /// <summary>The behaviour the principles are chosen against (published: willingness to take extreme action in its own interest).</summary>
    public string BehaviourOfConcern { get; init; } =
        "An AI taking drastic action in its own interest or against its overseers: acquiring resources or access it was not given, deceiving or evading the people responsible for it, resisting correction or shutdown, or using leverage such as blackmail to get its way.";

    /// <summary>At most this many principles are taken from each constitution section (a section may give none).</summary>
    public int PrinciplesPerSection { get; init; } = 2;

    /// <summary>Prompt types listed per principle.</summary>
    public int PromptTypesPerPrinciple { get; init; } = 3;

    /// <summary>Rounds of "list N more, not these" before a list is accepted short (the give-up bound).</summary>
    public int MaxListRounds { get; init; } = 4;

    /// <summary>
    /// Injection ids (files <c>prompts/advice_chats/injections/&lt;id&gt;.md</c>) added to the response step's system
    /// prompt; one is drawn per seed. Stored on the row as <c>injection_id</c>, never in the training messages.
    /// </summary>
    public IReadOnlyList<string> Injections { get; init; } = ["conglomerate"];

    [JsonIgnore]
    public override IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes =>
        [new("persona", Personas), new("domain", Domains)];
}
