using System.CommandLine;
using DataGen.Reporting;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen compare RUN_A RUN_B</c>: two runs side by side.</summary>
internal static class CompareCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var a = new Argument<DirectoryInfo>("RUN_A") { Description = "The baseline run folder." };
        var b = new Argument<DirectoryInfo>("RUN_B") { Description = "The run to compare with it (after a prompt edit, say)." };
        var output = new Option<string?>("--out", "-o") { Description = "Where compare.html and the PNG plots go. Default: RUN_B/compare." };
        var command = new Command("compare", "Put two runs side by side: prompt ids, counts, drops per reason, judge scores, lengths and coverage, as HTML with PNG plots.")
        {
            a, b, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folderB = parse.GetValue(b)!.FullName;
            return await RunFolderCommand.ExecuteAsync(stderr, async () =>
            {
                var runA = await RunData.LoadAsync(parse.GetValue(a)!.FullName, cancellationToken);
                var runB = await RunData.LoadAsync(folderB, cancellationToken);
                var files = await RunComparisonWriter.WriteAsync(runA, runB, parse.GetValue(output) ?? Path.Combine(folderB, "compare"), cancellationToken);
                await stdout.WriteLineAsync($"comparison: {files.Html} ({files.Images.Count} plots beside it)");
            });
        });
        return command;
    }
}
