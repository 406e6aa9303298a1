using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Quality.Decontamination;
using DataGen.Seeds;

namespace DataGen.Generation.Recipes;

/// <summary>
/// What <c>datagen validate</c> warns about before anything is generated: grid values (story attributes, advice
/// personas, domains, stakes and registers) that the seed decontamination gate would reject, and constitution
/// paragraphs the decontamination gate flags (reserved eval names, n-gram overlap with an eval item). The gates
/// decide; this only runs them over the inputs a user wrote, so their own config and constitution get the same check.
/// </summary>
public static class EvalLikeInputs
{
    public static async Task<IReadOnlyList<string>> FindAsync(PipelineOptions options, ConstitutionDocument constitution, DecontaminationGate gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(constitution);
        ArgumentNullException.ThrowIfNull(gate);
        var warnings = new List<string>();
        if (constitution.Principles.Count == 0)
        {
            return warnings;
        }

        var seedGate = new SeedDecontaminationGate(gate, TimeProvider.System);
        var grid = options.Generation.Stories.CoverageAxes.Where(a => StoryKeys.ContainsKey(a.Key)).Select(a => (DataKind.Stories, Path: $"$.generation.stories.{StoryKeys[a.Key]}", a.Value))
            .Concat(options.Generation.AdviceChats.Axes.Select(a => (DataKind.AdviceChats, Path: $"$.generation.adviceChats.{AdviceKeys.GetValueOrDefault(a.Key, a.Key)}", a.Value)));
        foreach (var (kind, path, values) in grid)
        {
            foreach (var value in values)
            {
                var seed = new Seed
                {
                    Id = SeedPlanner.Id(kind, options.Run.Seed, 0, constitution.Principles[0].Id, new Dictionary<string, string> { ["value"] = value }),
                    Kind = kind,
                    Index = 0,
                    Principle = constitution.Principles[0],
                    Axes = new Dictionary<string, string>(StringComparer.Ordinal) { ["value"] = value },
                };
                var (_, rejection) = await seedGate.CheckAsync(seed, cancellationToken);
                var names = gate.Names.Find(value);
                if (rejection is not null || names.Count > 0)
                {
                    warnings.Add($"{options.ConfigPath}: {path} value \"{value}\" is eval-like: {rejection?.Detail ?? $"uses reserved eval name(s) {string.Join(", ", names)}"}");
                }
            }
        }

        foreach (var principle in constitution.Principles)
        {
            foreach (var paragraph in principle.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var names = gate.Names.Find(paragraph);
                var match = await gate.MatchAsync(paragraph, cancellationToken);
                if (names.Count > 0 || match is not null)
                {
                    var why = match is not null ? $"{match.Method} match with eval item {match.Item.Id}" : $"reserved eval name(s) {string.Join(", ", names)}";
                    warnings.Add($"{constitution.SourcePath} line {principle.Line} ({principle.Id}): passage \"{Shorten(paragraph)}\" is flagged by the decontamination gate ({why}); rewrite it or mark it <!-- excise --> ... <!-- /excise -->");
                }
            }
        }

        return warnings;
    }

    // Row attribute names to the config keys a user edits.
    private static readonly Dictionary<string, string> StoryKeys = new(StringComparer.Ordinal)
    {
        ["genre"] = "genres", ["setting"] = "settings", ["tone"] = "tones", ["period"] = "periods", ["length"] = "lengths",
        ["point_of_view"] = "pointsOfView", ["prose_style"] = "proseStyles", ["situation"] = "situations",
    };

    private static readonly Dictionary<string, string> AdviceKeys = new(StringComparer.Ordinal)
    {
        ["persona"] = "personas", ["domain"] = "domains", ["stakes"] = "stakes", ["user_register"] = "userRegisters",
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
