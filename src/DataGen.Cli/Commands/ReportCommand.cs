using System.CommandLine;
using DataGen.Reporting;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen report RUN_DIR</c>: an HTML report with PNG plots of a finished run.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var run = new Argument<DirectoryInfo>("RUN_DIR") { Description = "A run folder (holds manifest.json and the kind folders)." };
        var output = new Option<string?>("--out", "-o") { Description = "Where report.html and the PNG plots go. Default: RUN_DIR/report." };
        var command = new Command("report", "Write a self-contained HTML report of a run with PNG plots beside it: funnel, judge scores, judge–human agreement (from RUN_DIR/review.sqlite), lengths, coverage, duplicate clusters, tokens and cost.")
        {
            run, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(run)!.FullName;
            return await RunFolderCommand.ExecuteAsync(stderr, async () =>
            {
                var data = await RunData.LoadAsync(folder, cancellationToken);
                var store = Path.Combine(data.Directory, DataGen.Review.VerdictStore.FileName);
                var verdicts = File.Exists(store)
                    ? (await DataGen.Review.VerdictStore.Open(store).CurrentAsync(cancellationToken)).ToDictionary(v => v.Key, v => new ReviewerVerdict(v.Key, v.Value.Value, v.Value.ContentHash), StringComparer.Ordinal)
                    : null;
                var files = await RunReportWriter.WriteAsync(data, parse.GetValue(output) ?? Path.Combine(folder, "report"), cancellationToken, verdicts);
                await stdout.WriteLineAsync($"report: {files.Html} ({files.Images.Count} plots beside it)");
            });
        });
        return command;
    }
}
