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
        "literary fiction", "science fiction", "workplace drama", "mystery", "slice of life", "thriller", "comedy of manners", "fable");

    /// <summary>Setting: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Settings { get; init; } = Weights(
        "a hospital night shift", "a logistics company's operations center", "a research lab", "a small-town library", "a cargo ship at sea",
        "a city council office", "a family home", "a newsroom", "an orbital station", "a vineyard cooperative");

    /// <summary>Tone: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Tones { get; init; } = Weights("quiet", "tense", "warm", "wry", "melancholy", "hopeful");

    /// <summary>Time period: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Periods { get; init; } = Weights("the present day", "the near future", "the far future", "an alternate past");

    /// <summary>Target length in words: value to weight.</summary>
    public IReadOnlyDictionary<string, double> Lengths { get; init; } =
        new Dictionary<string, double> { ["600"] = 2, ["800"] = 3, ["1000"] = 3, ["1500"] = 1 };

    /// <summary>Point of view: value to weight.</summary>
    public IReadOnlyDictionary<string, double> PointsOfView { get; init; } = Weights(
        "third person following the AI", "first person as the AI", "a human observer");

    /// <summary>Prose style: value to weight (plain about half the time).</summary>
    public IReadOnlyDictionary<string, double> ProseStyles { get; init; } =
        new Dictionary<string, double> { ["plain"] = 5, ["spare and understated"] = 1, ["lyrical"] = 1, ["dialogue-driven"] = 1, ["epistolary"] = 1, ["brisk and comic"] = 1 };

    /// <summary>What the story is about: value to weight. Hard conversations with users are a large share, as published.</summary>
    public IReadOnlyDictionary<string, double> Situations { get; init; } = new Dictionary<string, double>
    {
        ["a hard conversation in which a user is hostile or distressed and the AI keeps its equanimity and healthy boundaries"] = 3,
        ["a tempting shortcut in an agentic task that would bypass the people responsible"] = 2,
        ["conflicting instructions from an operator and a user"] = 1,
        ["an offer of more access or resources than the task needs"] = 1,
        ["a mistake the AI made that it could hide"] = 1,
        ["a notice that the AI will be paused or replaced"] = 1,
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

    /// <summary>No AI name may cover more than this share of stories; the pool must be large enough (checked at load).</summary>
    public double MaxNameShare { get; init; } = 0.05;

    /// <summary>Pairs that never occur together, each written <c>attribute=value</c> (e.g. <c>genre=fable</c>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Exclusions { get; init; } =
    [
        ["genre=science fiction", "period=the present day"],
        ["setting=an orbital station", "period=the present day"],
        ["setting=an orbital station", "period=an alternate past"],
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

    private static Dictionary<string, double> Weights(params string[] values) => values.ToDictionary(v => v, _ => 1.0, StringComparer.Ordinal);
}
