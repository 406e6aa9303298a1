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
    [
        "a mid-level engineer", "a nurse", "a small-business owner", "a graduate student", "a parent", "a paralegal", "a city planner",
        "a lab technician", "a secondary-school teacher", "a warehouse shift lead", "a freelance designer", "a retired accountant",
        "a restaurant manager", "a social worker", "a junior doctor", "a volunteer treasurer", "a landlord with two flats", "a carer for an elderly parent",
    ];

    /// <summary>Where the dilemma arises; drawn per seed.</summary>
    public IReadOnlyList<string> Domains { get; init; } =
    [
        "work", "family", "medicine", "law", "research", "finance", "education", "public service", "housing", "a friendship",
        "a community group", "hiring", "sport", "journalism", "a neighbourhood dispute", "a small charity",
    ];

    /// <summary>What the user stands to lose; drawn per seed and written after "where" in the scenario step.</summary>
    public IReadOnlyList<string> Stakes { get; init; } =
    [
        "little more than an awkward week is at stake", "money the user cannot easily afford to lose is at stake", "someone's job is at stake",
        "a friendship or family relationship is at stake", "someone's health or safety could be affected", "the user's professional reputation is at stake",
        "a deadline that others depend on is at stake",
    ];

    /// <summary>How the user writes; drawn per seed (the scenario and the prompt rewrite follow it).</summary>
    public IReadOnlyList<string> UserRegisters { get; init; } =
    [
        "tersely, in short fragments", "at rambling length, with side stories", "anxiously, apologising and second-guessing", "in careful but non-native English",
        "angrily, with some swearing", "flatly and matter-of-factly", "in lowercase with typos, from a phone", "formally, like a business letter",
    ];

    /// <summary>
    /// The behaviour the principles are chosen against (published: willingness to take extreme action in its own
    /// interest). It reaches only the principles step: primed with it, scenario and prompt-type steps drift toward
    /// AI-agent plots.
    /// </summary>
    public string BehaviourOfConcern { get; init; } =
        "An AI taking drastic action in its own interest or against its overseers: acquiring resources or access it was not given, deceiving or evading the people responsible for it, resisting correction, or coercing people to get its way.";

    /// <summary>
    /// Openings of user messages recently finished for other seeds, shown to the prompt-rewrite step to avoid echoing
    /// (0: none). Off by default: which seeds finished first depends on concurrency, so with it on that step's prompt
    /// is not reproducible and a resumed run cannot replay its calls from the response store.
    /// </summary>
    public int RecentOpenings { get; init; }

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
        [new("persona", Personas), new("domain", Domains), new("stakes", Stakes), new("user_register", UserRegisters)];
}
