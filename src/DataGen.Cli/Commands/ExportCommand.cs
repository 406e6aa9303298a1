using System.CommandLine;
using System.Text.Json.Nodes;
using DataGen.Review;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen export RUN_DIR --out DIR</c>: the reviewed dataset as Parquet and JSONL.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var run = new Argument<DirectoryInfo>("RUN_DIR") { Description = "A run folder (reviewed or not)." };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the exported shards, JSONL files and manifest.", Required = true };
        var command = new Command("export", "Write the final dataset: shards per kind without reviewer-rejected rows and with review_verdict, review_note and reviewer columns, plus <kind>.jsonl for fine-tuning APIs.")
        {
            run, output,
        };
        command.SetAction(async (parse, cancellationToken) => await RunFolderCommand.ExecuteAsync(stderr, async () =>
        {
            var destination = parse.GetValue(output)!;
            var manifest = await ReviewExporter.ExportAsync(parse.GetValue(run)!.FullName, destination, TimeProvider.System, cancellationToken);
            foreach (var (kind, counts) in manifest["kinds"]!.AsObject())
            {
                await stdout.WriteLineAsync($"{kind,-14} {counts!["rows"],6} rows written, {counts["reviewerRejected"]} rejected by reviewers, {counts["accepted"]} accepted, {counts["flagged"]} flagged, {counts["unreviewed"]} unreviewed");
            }

            await stdout.WriteLineAsync($"export: {Path.GetFullPath(destination)}");
        }));
        return command;
    }
}
