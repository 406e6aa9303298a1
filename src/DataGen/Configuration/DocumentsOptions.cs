using System.Text.Json.Serialization;

namespace DataGen.Configuration;

/// <summary>
/// Synthetic documents (published method 2a): document types, then subtypes per type, both listed by the model, then a
/// draft per principle x subtype and a fresh-context rewrite.
/// </summary>
public sealed record DocumentsOptions : KindOptions
{
    /// <summary>
    /// Document types the model lists (the published corpus used about a hundred); a floor: more are asked for when the
    /// count needs them (see <see cref="MaxSubtypeUses"/>).
    /// </summary>
    public int TypeCount { get; init; } = 12;

    /// <summary>Subtypes listed per type (the published corpus had several thousand in all); a floor, scaled like <see cref="TypeCount"/>.</summary>
    public int SubtypesPerType { get; init; } = 4;

    /// <summary>
    /// No subtype is used for more than this many documents: types and subtypes per type grow with <c>count</c> so
    /// that types x subtypes is at least count / this (as long as the model's lists come back full).
    /// </summary>
    public int MaxSubtypeUses { get; init; } = 2;

    /// <summary>The language the documents are written in, stated in the draft prompt.</summary>
    public string Language { get; init; } = "English";

    /// <summary>Rounds of "list N more, not these" before a list is accepted short (the give-up bound).</summary>
    public int MaxListRounds { get; init; } = 4;

    /// <summary>Whether the draft sees the whole constitution as well as the section it is about.</summary>
    public bool WholeConstitution { get; init; } = true;

    /// <summary>
    /// Documents drafted per model call (1 to 5). The published pipeline let the model write several documents per
    /// context window "to push diversity": documents written side by side are pushed apart in voice and structure, and
    /// the whole constitution is sent once for all of them. Consecutive seeds form a group (seed index / this); one
    /// draft call lists every member's section, type and subtype; each document then has its own rewrite and checks.
    /// 1 drafts one document per call, as <c>documents/draft</c>.
    /// </summary>
    public int DocumentsPerCall { get; init; } = 1;

    [JsonIgnore]
    public override IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes => [];
}
