using System.Globalization;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Seeds;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The same gate on seeds, before anything is generated from them: eval-shaped seeds produce eval-shaped data. A seed's
/// text is its axis values (scenarios, ideas, settings). Reserved names in axis values are replaced or the seed is
/// rejected, per policy; an n-gram or embedding match rejects it with reason <c>contaminated</c>. Stage
/// <c>decontaminate_seeds</c>. The principle text is the constitution itself and is not checked.
/// </summary>
public sealed class SeedDecontaminationGate(DecontaminationGate gate, TimeProvider time)
{
    public const string StageName = "decontaminate_seeds";

    public StageCounters Counters { get; } = new(StageName);

    /// <summary>The seed to generate from (names possibly replaced), or the rejection.</summary>
    public async Task<(Seed? Seed, Rejection? Rejection)> CheckAsync(Seed seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var text = string.Join("\n\n", seed.Axes.Values);
        var names = gate.Names.Find(text);
        if (names.Count > 0 && gate.Names.Policy == ReservedNamePolicies.Reject)
        {
            return (null, Reject(seed, "reserved_name", $"seed uses reserved eval name(s) {string.Join(", ", names)}", null));
        }

        if (names.Count > 0 && gate.Names.Policy == ReservedNamePolicies.Replace)
        {
            seed = seed with { Axes = seed.Axes.ToDictionary(kv => kv.Key, kv => gate.Names.Replace(kv.Value), StringComparer.Ordinal) };
            text = string.Join("\n\n", seed.Axes.Values);
        }

        var match = await gate.MatchAsync(text, cancellationToken);
        if (match is not null)
        {
            return (null, Reject(seed, "contaminated",
                string.Create(CultureInfo.InvariantCulture, $"seed {match.Method} match with eval item {match.Item.Id}, score {match.Score:0.000}"), match.Item.Id));
        }

        Counters.CountKept();
        return (seed, null);
    }

    private Rejection Reject(Seed seed, string reason, string detail, string? matched)
    {
        Counters.CountDropped(reason);
        return new Rejection
        {
            Seed = seed,
            Stage = StageName,
            Reason = reason,
            Detail = detail,
            Matched = matched,
            CreatedAt = time.GetUtcNow(),
        };
    }
}
