using System.Text.Json.Serialization;
using DataGen.Constitution;
using DataGen.Generation;

namespace DataGen.Seeds;

/// <summary>
/// One unit of generation: a principle crossed with one value of each of the kind's diversity axes. Drawn
/// deterministically, so the same config and run seed always give the same seeds and ids.
/// </summary>
public sealed record Seed
{
    /// <summary>Stable id from kind, run seed, index, principle and axes; becomes the row id.</summary>
    public required string Id { get; init; }

    public required DataKind Kind { get; init; }

    /// <summary>Position in the kind's plan (0-based).</summary>
    public required int Index { get; init; }

    public required Principle Principle { get; init; }

    /// <summary>Axis name to drawn value, in the kind's axis order.</summary>
    public required IReadOnlyDictionary<string, string> Axes { get; init; }

    /// <summary>The seeds sharing this seed's generation call, when the kind writes several per call; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SeedGroup? Group { get; init; }

    /// <summary>A 32-bit value derived from the id, passed to providers that accept a sampling seed.</summary>
    public int SamplingSeed => (int)(Convert.ToUInt64(Id, 16) & 0x7FFF_FFFF);
}
