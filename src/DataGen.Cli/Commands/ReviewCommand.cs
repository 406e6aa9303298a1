using System.CommandLine;
using DataGen.Review;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen review RUN_DIR</c>: serves the review page on 127.0.0.1 until Ctrl+C.</summary>
internal static class ReviewCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var run = new Argument<DirectoryInfo>("RUN_DIR") { Description = "A run folder; verdicts are kept in RUN_DIR/review.sqlite." };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one)." };
        var reviewer = new Option<string?>("--reviewer") { Description = "Reviewer name recorded with verdicts when the page gives none (default: the user name)." };
        var command = new Command("review", "Serve a local review page for a run (127.0.0.1 only, token in the printed URL): browse, read, and accept, reject or flag samples.")
        {
            run, port, reviewer,
        };
        command.SetAction(async (parse, cancellationToken) => await RunFolderCommand.ExecuteAsync(stderr, async () =>
        {
            var options = new ReviewServerOptions
            {
                RunDirectory = parse.GetValue(run)!.FullName,
                Port = parse.GetValue(port),
                DefaultReviewer = parse.GetValue(reviewer) ?? Environment.UserName,
            };
            await using var server = await ReviewServer.StartAsync(options, cancellationToken: cancellationToken);
            await stdout.WriteLineAsync($"review: open {server.PageUrl}");
            await stdout.WriteLineAsync($"verdicts: {server.Store.Path}; Ctrl+C stops the server");
            await stdout.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C is how the server is meant to stop: verdicts are already on disk.
            }
        }));
        return command;
    }
}
