using DataGen.Constitution;
using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>Seeds for plan calls: not samples, but they give a list call its section and a stable sampling seed.</summary>
public static class PlanSeeds
{
    public static Seed For(DataKind kind, int runSeed, string step, string key, Principle principle, IReadOnlyDictionary<string, string>? axes = null)
    {
        ArgumentNullException.ThrowIfNull(principle);
        var planAxes = new Dictionary<string, string>(axes ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["plan_step"] = step, ["plan_key"] = key };
        return new Seed
        {
            Id = SeedPlanner.Id(kind, runSeed, -1, principle.Id, planAxes),
            Kind = kind,
            Index = -1,
            Principle = principle,
            Axes = planAxes,
        };
    }

    /// <summary>Items of several lists interleaved: the first of each, then the second of each, ... so early seeds spread.</summary>
    public static List<T> Interleave<T>(IReadOnlyList<IReadOnlyList<T>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var result = new List<T>();
        for (var i = 0; lists.Any(l => i < l.Count); i++)
        {
            result.AddRange(lists.Where(l => i < l.Count).Select(l => l[i]));
        }

        return result;
    }
}
