using System.IO.Hashing;
using System.Text;
using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;

namespace DataGen.Seeds;

/// <summary>
/// Draws seeds from the principle × axes grid. Principles are dealt in shuffled rounds so every principle is used
/// before any is used twice; each axis value is drawn by hashing (run seed, kind, index, axis), never from
/// <see cref="object.GetHashCode"/> or a shared random stream, so a seed does not depend on the others.
/// </summary>
public static class SeedPlanner
{
    public static IEnumerable<Seed> Plan(DataKind kind, KindOptions options, ConstitutionDocument constitution, int runSeed, int count)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(constitution);
        var principles = constitution.Principles;
        if (principles.Count == 0 || count <= 0)
        {
            yield break;
        }

        int[]? round = null;
        for (var index = 0; index < count; index++)
        {
            var roundNumber = index / principles.Count;
            if (index % principles.Count == 0)
            {
                round = Shuffle(principles.Count, Hash(runSeed, kind, roundNumber, "principle-round"));
            }

            var principle = principles[round![index % principles.Count]];
            var axes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (axis, values) in options.Axes)
            {
                axes[axis] = values[(int)(Hash(runSeed, kind, index, axis) % (ulong)values.Count)];
            }

            yield return new Seed
            {
                Id = Id(kind, runSeed, index, principle.Id, axes),
                Kind = kind,
                Index = index,
                Principle = principle,
                Axes = axes,
            };
        }
    }

    /// <summary>The principle of seed <paramref name="index"/>: principles dealt in shuffled rounds, as <see cref="Plan"/> deals them.</summary>
    public static Principle PrincipleAt(DataKind kind, ConstitutionDocument constitution, int runSeed, int index)
    {
        ArgumentNullException.ThrowIfNull(constitution);
        var principles = constitution.Principles;
        var round = Shuffle(principles.Count, Hash(runSeed, kind, index / principles.Count, "principle-round"));
        return principles[round[index % principles.Count]];
    }

    /// <summary>A uniform draw from <paramref name="values"/> for seed <paramref name="index"/>, keyed by <paramref name="salt"/>.</summary>
    public static string Draw(DataKind kind, int runSeed, int index, string salt, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values[(int)(Hash(runSeed, kind, index, salt) % (ulong)values.Count)];
    }

    /// <summary>Stable seed id from kind, run seed, index, principle and axes.</summary>
    public static string Id(DataKind kind, int runSeed, int index, string principleId, IReadOnlyDictionary<string, string> axes)
    {
        var key = new StringBuilder().Append(kind.Name()).Append('\n').Append(runSeed).Append('\n').Append(index)
            .Append('\n').Append(principleId);
        foreach (var (axis, value) in axes)
        {
            key.Append('\n').Append(axis).Append('=').Append(value);
        }

        return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key.ToString())).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static ulong Hash(int runSeed, DataKind kind, int index, string salt) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{runSeed}\n{kind.Name()}\n{index}\n{salt}"));

    internal static int[] Shuffle(int n, ulong seed)
    {
        var order = Enumerable.Range(0, n).ToArray();
        var state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;
        for (var i = n - 1; i > 0; i--)
        {
            // xorshift64*: a tiny deterministic stream, stable across runtimes (unlike System.Random's algorithm choice).
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            var j = (int)((state * 0x2545F4914F6CDD1DUL) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
