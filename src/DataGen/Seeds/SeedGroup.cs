using System.Text.Json.Serialization;

namespace DataGen.Seeds;

/// <summary>
/// The seeds that share one model call (<c>generation.documents.documentsPerCall</c> above 1): consecutive seeds of the
/// plan, by group index (<c>seed index / group size</c>), less any the seed gate rejected. Every member carries the same
/// group; <see cref="Position"/> is its own place in it, which is also its document's number in the shared reply.
/// </summary>
public sealed record SeedGroup
{
    /// <summary>Stable id from kind, run seed, group index and size (<see cref="SeedGroups.GroupId"/>); recorded on rows and rejects.</summary>
    public required string Id { get; init; }

    /// <summary>This member's place in <see cref="Members"/> (0-based).</summary>
    public required int Position { get; init; }

    /// <summary>How many seeds share the call.</summary>
    public required int Size { get; init; }

    /// <summary>
    /// Every member in plan order (themselves without a group), to render the shared prompt from. Not serialised: a
    /// sample carried between sharded tasks only needs the id and position, its generation is done.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<Seed> Members { get; init; } = [];

    /// <summary>The sampling seed of the shared call: one per group, so every member's request is the same request.</summary>
    [JsonIgnore]
    public int SamplingSeed => (int)(Convert.ToUInt64(Id, 16) & 0x7FFF_FFFF);
}
