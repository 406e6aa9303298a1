using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using DataGen.Generation;

namespace DataGen.Seeds;

/// <summary>
/// Groups consecutive seeds that share one generation call. The group of seed i is <c>i / size</c>, a function of the
/// plan alone, so the streaming run, every shard of a sharded run and a resumed run form the same groups with the same
/// ids; a sharded run assigns a whole group to one shard (<see cref="ShardKey"/>). With size 1 nothing is grouped and
/// every seed passes unchanged.
/// </summary>
public static class SeedGroups
{
    /// <summary>Stable group id from kind, run seed, group index and size.</summary>
    public static string GroupId(DataKind kind, int runSeed, int groupIndex, int size) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{kind.Name()}\n{runSeed}\ngroup\n{groupIndex}\n{size}"))
            .ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What a sharded run splits on: the seed's id alone, or its group's id so that a group stays in one shard.</summary>
    public static string ShardKey(DataKind kind, int runSeed, int index, string id, int size) =>
        size <= 1 ? id : GroupId(kind, runSeed, index / size, size);

    /// <summary>
    /// Attaches groups to seeds that arrive in plan order (index ascending). A seed the gate rejected (the item's
    /// rejection) passes on at once and is no member: the group's prompt never shows a seed the gate kept from the model.
    /// Members are held until the group is complete (its last index is passed, or the input ends).
    /// </summary>
    public static async IAsyncEnumerable<(Seed? Seed, Rejection? Rejection)> AssembleAsync(
        IAsyncEnumerable<(Seed? Seed, Rejection? Rejection)> seeds, int size, int runSeed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var pending = new List<Seed>();
        var current = -1;
        await foreach (var item in seeds.WithCancellation(cancellationToken))
        {
            if (size <= 1)
            {
                yield return item;
                continue;
            }

            var seed = item.Seed ?? item.Rejection!.Seed;
            var group = seed.Index / size;
            if (group != current && pending.Count > 0)
            {
                foreach (var member in Members(pending, current, size, runSeed))
                {
                    yield return (member, null);
                }

                pending.Clear();
            }

            current = group;
            if (item.Seed is null)
            {
                yield return item;
            }
            else
            {
                pending.Add(item.Seed);
            }
        }

        foreach (var member in Members(pending, current, size, runSeed))
        {
            yield return (member, null);
        }
    }

    /// <summary>Groups a whole list of seeds in plan order (<see cref="AssembleAsync"/> without a gate).</summary>
    public static IReadOnlyList<Seed> Assemble(IReadOnlyList<Seed> seeds, int size, int runSeed)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (size <= 1)
        {
            return seeds;
        }

        return [.. seeds.OrderBy(s => s.Index).GroupBy(s => s.Index / size).SelectMany(g => Members([.. g], g.Key, size, runSeed))];
    }

    private static IEnumerable<Seed> Members(List<Seed> pending, int groupIndex, int size, int runSeed)
    {
        if (pending.Count == 0)
        {
            return [];
        }

        var id = GroupId(pending[0].Kind, runSeed, groupIndex, size);
        IReadOnlyList<Seed> members = [.. pending];
        return members.Select((seed, position) => seed with { Group = new SeedGroup { Id = id, Position = position, Size = members.Count, Members = members } });
    }
}
