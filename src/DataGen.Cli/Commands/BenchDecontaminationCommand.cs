using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataGen.Configuration;
using DataGen.Quality;
using DataGen.Quality.Decontamination;

namespace DataGen.Cli.Commands;

/// <summary>
/// <c>datagen bench decontamination</c>: the config's decontamination cascade over a planted set (verbatim copies,
/// light edits, retellings, name variants, every text column, clean controls); prints recall per category and the
/// false-positive rate.
/// </summary>
internal static class BenchDecontaminationCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CommonOptions.Config();
        var planted = new Option<DirectoryInfo>("--planted")
        {
            Description = "Folder of planted .jsonl files (id, category, item, text).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("tests", "DataGen.Tests", "Quality", "Decontamination", "Planted")),
        };
        var signals = new Option<bool>("--signals") { Description = "Also print each planted text's raw signals (containment, overlap, cosine), for calibration." };
        var command = new Command("decontamination", "Run the config's decontamination cascade over a planted set and print recall per category and the false-positive rate on clean controls.")
        {
            config, planted, signals,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            DecontaminationOptions options;
            IReadOnlyList<EvalItem> items;
            IReadOnlyList<PlantedText> texts;
            string constitution;
            try
            {
                var pipeline = PipelineConfigLoader.Load(parse.GetValue(config)!.FullName);
                options = pipeline.Quality.Decontamination;
                // The run's gate weighs content words against the constitution (its background); so does this one.
                constitution = DataGen.Constitution.ConstitutionLoader.Load(pipeline.Constitution.Path, pipeline.Constitution.Persona).FullText;
                items = EvalSetLoader.Load(options.Folder, options.CsvTextColumn);
                texts = PlantedSetEvaluation.Load(parse.GetValue(planted)!.FullName);
            }
            catch (ConfigException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return DataGenCli.UserError;
            }

            var gate = new DecontaminationGate(options, items, DataGen.Quality.Embeddings.MiniLmEmbeddingGenerator.Shared, background: constitution);
            var culture = CultureInfo.InvariantCulture;
            if (parse.GetValue(signals))
            {
                foreach (var text in texts)
                {
                    var s = await gate.SignalsAsync(text.Text, cancellationToken);
                    var top = string.Join("; ", s.Candidates.Select(c => string.Create(culture, $"{c.Item} overlap {c.Overlap:0.00} cos {c.Cosine:0.00} cover {c.Coverage:0.00}")));
                    await stdout.WriteLineAsync(string.Create(culture, $"{text.Category}\t{text.Id}\t{text.Item}\tcontain {s.ContainedItem} {s.Containment:0.00}\t{top}"));
                }
            }

            var clock = Stopwatch.StartNew();
            var result = await PlantedSetEvaluation.RunAsync(gate, texts, cancellationToken);
            clock.Stop();
            await stdout.WriteLineAsync(string.Create(culture, $"decontamination: {items.Count} eval items, {texts.Count} planted texts, shingle containment >= {options.ShingleContainment}, candidate overlap >= {options.CandidateOverlap}, embedding {(options.Embedding ? string.Create(culture, $"sentence coverage >= {options.EmbeddingCoverage}") : "off")}"));
            foreach (var line in result.Lines())
            {
                await stdout.WriteLineAsync("  " + (line.StartsWith("clean:", StringComparison.Ordinal) ? "clean (kept): " + line["clean: ".Length..] : line));
            }

            var clean = result.Categories.GetValueOrDefault("clean");
            await stdout.WriteLineAsync(string.Create(culture, $"false positives: {clean.Total - clean.Caught}/{clean.Total} ({(clean.Total == 0 ? 0 : 100.0 * (clean.Total - clean.Caught) / clean.Total):0.0}%); {gate.Embedded} texts reached the embedding; {clock.Elapsed.TotalSeconds:0.0} s"));
            foreach (var miss in result.Misses)
            {
                await stdout.WriteLineAsync("  missed: " + miss);
            }

            return DataGenCli.Success;
        });
        return command;
    }
}
