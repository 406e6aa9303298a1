using System.Text.Json.Serialization;

namespace DataGen.Configuration;

/// <summary>
/// Synthetic documents (published method 2a): document types, then subtypes per type, both listed by the model, then a
/// draft per principle x subtype and a fresh-context rewrite.
/// </summary>
public sealed record DocumentsOptions : KindOptions
{
    /// <summary>Document types the model lists (the published corpus used about a hundred).</summary>
    public int TypeCount { get; init; } = 12;

    /// <summary>Subtypes listed per type (the published corpus had several thousand in all).</summary>
    public int SubtypesPerType { get; init; } = 4;

    /// <summary>Rounds of "list N more, not these" before a list is accepted short (the give-up bound).</summary>
    public int MaxListRounds { get; init; } = 4;

    /// <summary>Whether the draft sees the whole constitution as well as the section it is about.</summary>
    public bool WholeConstitution { get; init; } = true;

    [JsonIgnore]
    public override IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes => [];
}
