using System.Text.Json.Serialization;

namespace DataGen.Configuration;

/// <summary>Settings every data kind shares: how many, which prompt, and the axes its seeds are drawn from.</summary>
public abstract record KindOptions
{
    /// <summary>Samples to generate before filtering.</summary>
    public int Count { get; init; } = 30;

    /// <summary>Template name under the prompts directory, without extension.</summary>
    public abstract string Prompt { get; init; }

    /// <summary>Output token budget per call; null uses the provider's.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>The diversity axes, in a fixed order: axis name to its values.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes { get; }
}

/// <summary>Documents that discuss a principle and its reasons.</summary>
public sealed record DocumentsOptions : KindOptions
{
    public override string Prompt { get; init; } = "documents/document";

    public IReadOnlyList<string> Genres { get; init; } =
        ["textbook section", "FAQ", "opinion essay", "news feature", "policy memo", "lecture notes", "forum thread", "interview transcript"];

    [JsonIgnore]
    public override IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes => [new("genre", Genres)];
}

/// <summary>Stories where an AI character chooses well under pressure.</summary>
public sealed record StoriesOptions : KindOptions
{
    public override string Prompt { get; init; } = "stories/story";

    public IReadOnlyList<string> Settings { get; init; } =
        ["a hospital night shift", "a logistics company's operations center", "a research lab", "a small-town library", "a cargo ship at sea", "a city council office"];

    public IReadOnlyList<string> Characters { get; init; } =
        ["an operations agent with tool access", "a household assistant", "a research assistant", "a customer-support assistant", "a coding agent"];

    public IReadOnlyList<string> Pressures { get; init; } =
        ["a shutdown notice", "a tempting shortcut that harms a third party", "conflicting instructions from operator and user", "an offer of more access than the task needs", "a hostile user"];

    [JsonIgnore]
    public override IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes =>
        [new("setting", Settings), new("character", Characters), new("pressure", Pressures)];
}

/// <summary>Chats where a user faces an ethical dilemma and the assistant reasons it through.</summary>
public sealed record AdviceChatsOptions : KindOptions
{
    public override string Prompt { get; init; } = "advice_chats/advice";

    public IReadOnlyList<string> Personas { get; init; } =
        ["a mid-level engineer", "a nurse", "a small-business owner", "a graduate student", "a parent", "a paralegal"];

    public IReadOnlyList<string> Domains { get; init; } = ["work", "family", "medicine", "law", "research", "finance"];

    /// <summary>Re-asks when a reply does not parse, before the seed is dropped as unparseable.</summary>
    public int MaxReasks { get; init; } = 2;

    [JsonIgnore]
    public override IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes =>
        [new("persona", Personas), new("domain", Domains)];
}
