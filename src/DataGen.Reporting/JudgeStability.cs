using System.Text.Json.Nodes;
using DataGen.Quality.Judging;

namespace DataGen.Reporting;

/// <summary>
/// Re-judge stability of one kind as the manifest's judge stage counted it (<see cref="JudgeStage.StabilityTallies"/>):
/// rows judged twice and how many keep decisions, criterion scores and gate answers differed the second time.
/// </summary>
public sealed record JudgeStability
{
    public required string Kind { get; init; }

    /// <summary>Rows drawn for a second verdict.</summary>
    public required long Sampled { get; init; }

    /// <summary>Rows whose second verdict parsed (the denominator of the flip shares).</summary>
    public required long JudgedTwice { get; init; }

    public required long SecondUnparseable { get; init; }

    public required long KeepFlips { get; init; }

    /// <summary>Rows where at least one criterion's score changed.</summary>
    public required long AnyScoreFlip { get; init; }

    /// <summary>Per criterion, rows whose score changed; every criterion judged is listed (zero included).</summary>
    public required IReadOnlyDictionary<string, long> ScoreFlips { get; init; }

    /// <summary>Per gate, rows whose pass/fail answer changed.</summary>
    public required IReadOnlyDictionary<string, long> GateFlips { get; init; }

    /// <summary>Share of twice-judged rows whose keep decision flipped; null with none.</summary>
    public double? KeepFlipShare => JudgedTwice == 0 ? null : KeepFlips / (double)JudgedTwice;

    /// <summary>Each kind's stability from a run manifest, in manifest order; kinds without re-judged rows are left out.</summary>
    public static IReadOnlyList<JudgeStability> FromManifest(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var result = new List<JudgeStability>();
        if (manifest["kinds"] is not JsonObject kinds)
        {
            return result;
        }

        foreach (var (kind, node) in kinds)
        {
            var judge = (node?["stages"] as JsonArray)?.FirstOrDefault(s => s?["stage"]?.GetValue<string>() == JudgeStage.StageName);
            if (judge?["tallies"] is not JsonObject tallies)
            {
                continue;
            }

            var counts = tallies.ToDictionary(t => t.Key, t => t.Value?.GetValue<long>() ?? 0, StringComparer.Ordinal);
            if (counts.GetValueOrDefault(JudgeStage.StabilityTallies.Sampled) == 0)
            {
                continue;
            }

            IReadOnlyDictionary<string, long> Prefixed(string prefix, IEnumerable<string> always) =>
                new SortedDictionary<string, long>(always.Concat(counts.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]))
                    .Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => counts.GetValueOrDefault(prefix + n), StringComparer.Ordinal), StringComparer.Ordinal);
            result.Add(new JudgeStability
            {
                Kind = kind,
                Sampled = counts.GetValueOrDefault(JudgeStage.StabilityTallies.Sampled),
                JudgedTwice = counts.GetValueOrDefault(JudgeStage.StabilityTallies.JudgedTwice),
                SecondUnparseable = counts.GetValueOrDefault(JudgeStage.StabilityTallies.Unparseable),
                KeepFlips = counts.GetValueOrDefault(JudgeStage.StabilityTallies.KeepFlips),
                AnyScoreFlip = counts.GetValueOrDefault(JudgeStage.StabilityTallies.AnyScoreFlip),
                ScoreFlips = Prefixed(JudgeStage.StabilityTallies.ScoreFlipPrefix, JudgeRubric.Criteria.Select(c => c.Name)),
                GateFlips = Prefixed(JudgeStage.StabilityTallies.GateFlipPrefix, []),
            });
        }

        return result;
    }
}
