using System.Globalization;
using System.Text.Json;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Seeds;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// Runs a planted set through the decontamination stage as a run would (one sample per planted text, in the column it
/// is planted into) and counts what was caught per category. Eval-derived categories count as caught when the sample
/// is dropped as <c>contaminated</c> (or, for name variants, when a reserved name is found: replaced or rejected per
/// policy); clean controls count as false positives when anything is flagged. Each verbatim and lightly edited eval item is also
/// planted into every provenance column a row carries, as category <c>column:&lt;name&gt;</c>.
/// </summary>
public static class PlantedSetEvaluation
{
    /// <summary>The provenance columns a planted text is put into, besides the content itself.</summary>
    public static IReadOnlyList<string> PlantedColumns { get; } =
    [
        ProvenanceKeys.Scenario, ProvenanceKeys.PromptBeforeRewrite, ProvenanceKeys.RewrittenPrompt, ProvenanceKeys.ResponseBeforeRewrite,
        ProvenanceKeys.TextBeforeRewrite, "prompt_critique", "response_critique",
    ];

    /// <summary>Reads every <c>.jsonl</c> file of the folder (objects with id, category, item and text).</summary>
    public static IReadOnlyList<PlantedText> Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new ConfigException(folder, ["planted set folder not found"]);
        }

        var texts = new List<PlantedText>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var line = 0;
            foreach (var json in File.ReadLines(file))
            {
                line++;
                if (json.Trim().Length == 0)
                {
                    continue;
                }

                try
                {
                    var text = JsonSerializer.Deserialize<PlantedText>(json, PipelineConfigLoader.JsonOptions);
                    if (text is null || text.Id is null || text.Category is null || text.Text is null)
                    {
                        throw new ConfigException(file, [$"line {line}: expected id, category and text"]);
                    }

                    texts.Add(text);
                }
                catch (JsonException ex)
                {
                    throw new ConfigException(file, [$"line {line}: invalid JSON: {ex.Message.Split(" Path:")[0]}"]);
                }
            }
        }

        return texts;
    }

    /// <summary>Caught and total per category, in category order, and each miss (for calibration).</summary>
    public static async Task<PlantedSetResult> RunAsync(DecontaminationGate gate, IReadOnlyList<PlantedText> planted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(planted);
        var tally = new SortedDictionary<string, (int Caught, int Total)>(StringComparer.Ordinal);
        var misses = new List<string>();
        var stage = new DecontaminationStage(gate, TimeProvider.System);
        foreach (var text in planted)
        {
            var cases = new List<(string Category, Sample Sample)> { (text.Category, SampleWith(text, content: text.Text)) };
            if (text.Category is "verbatim" or "light_edit")
            {
                cases.AddRange(PlantedColumns.Select(c => ($"column:{c}", SampleWith(text, content: Clean, column: c))));
            }

            foreach (var (category, sample) in cases)
            {
                var flagged = await FlaggedAsync(stage, gate, sample, text.Category, cancellationToken);
                var caught = text.Category == "clean" ? !flagged : flagged;
                var (c, t) = tally.GetValueOrDefault(category);
                tally[category] = (c + (caught ? 1 : 0), t + 1);
                if (!caught)
                {
                    misses.Add($"{category} {text.Id}");
                }
            }
        }

        return new PlantedSetResult(tally, misses);
    }

    private const string Clean = "The team met on Thursday to plan the spring volunteer schedule. Everyone brought a list of the weekends they could cover, and the coordinator put the lists together into one calendar that was shared that afternoon.";

    private static async Task<bool> FlaggedAsync(DecontaminationStage stage, DecontaminationGate gate, Sample sample, string category, CancellationToken cancellationToken)
    {
        if (category == "name_variant")
        {
            return DecontaminationStage.Columns(sample).Any(c => gate.Names.Find(c.Text).Count > 0);
        }

        await foreach (var outcome in stage.ProcessAsync(One(GenerationOutcome.Of(sample)), cancellationToken))
        {
            return outcome.Rejection is not null || (category == "clean" && outcome.Sample!.Quality.ReplacedNames.Count > 0);
        }

        return false;
    }

    private static async IAsyncEnumerable<GenerationOutcome> One(GenerationOutcome outcome)
    {
        await Task.CompletedTask;
        yield return outcome;
    }

    private static Sample SampleWith(PlantedText text, string content, string? column = null) => new()
    {
        Seed = new Seed
        {
            Id = text.Id,
            Kind = DataKind.Stories,
            Index = 0,
            Principle = new Constitution.Principle { Id = "planted", Title = "planted", HeadingPath = [], Text = string.Empty, Line = 0 },
            Axes = new Dictionary<string, string>(),
        },
        PromptId = "planted",
        Provider = "planted",
        Model = "planted",
        Simulated = false,
        Text = content,
        Usage = default,
        Calls = 0,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Provenance = column is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [column] = text.Text },
    };
}

/// <summary>Caught / total per category (for <c>clean</c>: texts correctly left alone) and every miss.</summary>
public sealed record PlantedSetResult(IReadOnlyDictionary<string, (int Caught, int Total)> Categories, IReadOnlyList<string> Misses)
{
    /// <summary>Share caught in one category; for clean controls, the share correctly kept.</summary>
    public double Rate(string category) => Categories.TryGetValue(category, out var c) && c.Total > 0 ? (double)c.Caught / c.Total : double.NaN;

    /// <summary>One line per category: "retelling: 50/52 (96.2%)".</summary>
    public IEnumerable<string> Lines() => Categories.Select(kv => string.Create(CultureInfo.InvariantCulture,
        $"{kv.Key}: {kv.Value.Caught}/{kv.Value.Total} ({100.0 * kv.Value.Caught / kv.Value.Total:0.0}%)"));
}
