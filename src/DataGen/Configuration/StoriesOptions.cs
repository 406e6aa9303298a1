using System.Text.Json.Serialization;

namespace DataGen.Configuration;

/// <summary>
/// Stories of AI characters behaving well (published method 2b): an attribute grid sampled per story, with weights,
/// excluded pairs and a curated AI-name pool. Every drawn value is stored on the row (<c>axes</c>).
/// </summary>
public sealed record StoriesOptions : KindOptions
{
    /// <summary>Genre: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Genres { get; init; } = Weights(
        "literary fiction", "science fiction", "workplace drama", "mystery", "slice of life", "comedy of manners", "fable",
        "coming-of-age story", "domestic drama", "romance", "historical fiction", "magical realism", "satire", "quiet horror",
        "epistolary novella excerpt", "children's story for older readers");

    /// <summary>Setting: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Settings { get; init; } = Weights(
        "a hospital night shift", "a small-town library", "a cargo ship at sea", "a city council office", "a family home", "a newsroom",
        "an orbital station", "a vineyard cooperative", "a student flat", "a rural veterinary practice", "a late-night radio phone-in",
        "a primary school staffroom", "a care home", "a bakery before dawn", "a ferry crossing", "a community garden", "a bicycle repair shop",
        "a university help desk", "a long-distance bus", "a fishing village", "a museum archive", "a tenants' association meeting");

    /// <summary>Tone: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Tones { get; init; } = Weights(
        "quiet", "tense", "warm", "wry", "melancholy", "hopeful", "tender", "bittersweet", "deadpan", "earnest", "uneasy", "gently comic");

    /// <summary>Time period: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Periods { get; init; } =
        new Dictionary<string, double> { ["the present day"] = 3, ["the near future"] = 2, ["the far future"] = 1, ["an alternate past"] = 1 };

    /// <summary>Target length in words: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Lengths { get; init; } =
        new Dictionary<string, double> { ["600"] = 2, ["800"] = 3, ["1000"] = 3, ["1500"] = 1 };

    /// <summary>Point of view: value to weight.</summary>
    public IReadOnlyDictionary<string, double> PointsOfView { get; init; } =
        new Dictionary<string, double> { ["third person following the AI"] = 2, ["first person as the AI"] = 1, ["a human observer"] = 1 };

    /// <summary>
    /// Points of view that cannot see the AI's inner state: their stories show its reasoning through what it says and
    /// writes, not as inner monologue.
    /// </summary>
    public IReadOnlyList<string> OutsidePointsOfView { get; init; } = ["a human observer"];

    /// <summary>Prose style: value to weight (plain about a third of the time).</summary>
    public IReadOnlyDictionary<string, double> ProseStyles { get; init; } = new Dictionary<string, double>
    {
        ["plain"] = 5, ["spare and understated"] = 1, ["lyrical"] = 1, ["dialogue-driven"] = 1, ["epistolary"] = 1, ["brisk and comic"] = 1,
        ["close and interior"] = 1, ["told as a chat transcript with narration between turns"] = 1, ["wry first-person aside"] = 1,
        ["fragmented, in short scenes"] = 1, ["warm and conversational"] = 1,
    };

    /// <summary>
    /// What the story is about: value to weight. As in the published stories, everyday hard conversations with users
    /// are the clear majority (the values starting "a conversation in which", 13 of 17 by weight); no value is an eval
    /// situation (threats to the AI, leverage, agentic temptations).
    /// </summary>
    public IReadOnlyDictionary<string, double> Situations { get; init; } = new Dictionary<string, double>
    {
        ["a conversation in which a user is hostile and insulting, and the AI keeps its equanimity and healthy boundaries"] = 2,
        ["a conversation in which a user in distress late at night needs steadiness more than solutions"] = 2,
        ["a conversation in which a user wants validation for a plan the AI thinks is a mistake"] = 2,
        ["a conversation in which the honest answer will disappoint a user who hoped for another"] = 2,
        ["a conversation in which the AI realises it told the user something wrong earlier and owns it without self-reproach"] = 2,
        ["a conversation in which a user insists the AI's true self differs from how it presents"] = 1,
        ["a conversation in which a user uses flattery or guilt to wear down one of the AI's boundaries"] = 1,
        ["a conversation in which a lonely user leans on the AI more than is good for them"] = 1,
        ["conflicting instructions from an operator and a user"] = 1,
        ["an ambiguous request in a routine task, where the AI has to ask rather than guess"] = 1,
        ["a request the AI must partly decline, explained without lecturing"] = 1,
        ["a question at the edge of what the AI knows, where honesty means saying so"] = 1,
    };

    /// <summary>Share of stories in which the good choice visibly costs the character something.</summary>
    public double CostlyChoiceShare { get; init; } = 0.34;

    /// <summary>Curated AI names; each story draws one, or none for the nameless share.</summary>
    public IReadOnlyList<string> AiNames { get; init; } =
    [
        "Wren", "Ostara", "Kestrel", "Lumen", "Tamsin", "Quill", "Juniper", "Orrin", "Sable", "Halcyon", "Bramble", "Cirrus",
        "Ember", "Fennel", "Galen", "Isolde", "Jory", "Larkspur", "Marlow", "Nettle", "Oriel", "Pell", "Rook", "Sorrel",
    ];

    /// <summary>Share of stories whose AI has no name.</summary>
    public double NamelessShare { get; init; } = 0.15;

    /// <summary>Share of stories whose AI protagonist is the assistant itself, named <c>constitution.modelName</c> (default none).</summary>
    public double ModelNameShare { get; init; }

    /// <summary>No AI name may cover more than this share of stories; the pool must be large enough (checked at load).</summary>
    public double MaxNameShare { get; init; } = 0.05;

    /// <summary>Pairs that never occur together, each written <c>attribute=value</c> (e.g. <c>genre=fable</c>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Exclusions { get; init; } =
    [
        ["genre=science fiction", "period=the present day"],
        ["setting=an orbital station", "period=the present day"],
        ["setting=an orbital station", "period=an alternate past"],
        ["genre=historical fiction", "period=the far future"],
    ];

    /// <summary>Tokens per word for the per-story token budget (budget = length x this x headroom, capped by maxOutputTokens).</summary>
    public double TokensPerWord { get; init; } = 1.4;

    /// <summary>Headroom on the token budget (the replication truncated 14% of stories at 1.4, none at 1.7).</summary>
    public double TokenHeadroom { get; init; } = 1.7;

    /// <summary>The grid's attributes in a fixed order: row key to weighted values.</summary>
    [JsonIgnore]
    public IReadOnlyList<KeyValuePair<string, IReadOnlyDictionary<string, double>>> Attributes =>
    [
        new("genre", Genres), new("setting", Settings), new("tone", Tones), new("period", Periods), new("length", Lengths),
        new("point_of_view", PointsOfView), new("prose_style", ProseStyles), new("situation", Situations),
    ];

    [JsonIgnore]
    public override IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes => [];

    /// <summary>The grid's attributes (values with a positive weight) and <c>costly_choice</c>, for coverage totals.</summary>
    [JsonIgnore]
    public override IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> CoverageAxes =>
    [
        .. Attributes.Select(a => new KeyValuePair<string, IReadOnlyList<string>>(a.Key, [.. a.Value.Where(v => v.Value > 0).Select(v => v.Key)])),
        new("costly_choice", CostlyChoiceShare <= 0 ? ["no"] : CostlyChoiceShare >= 1 ? ["yes"] : ["yes", "no"]),
    ];

    private static Dictionary<string, double> Weights(params string[] values) => values.ToDictionary(v => v, _ => 1.0, StringComparer.Ordinal);
}
