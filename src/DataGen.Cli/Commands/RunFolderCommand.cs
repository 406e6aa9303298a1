using System.Text.Json;

namespace DataGen.Cli.Commands;

/// <summary>Error handling shared by the commands that read a run folder: a missing or unreadable folder is exit 1.</summary>
internal static class RunFolderCommand
{
    public static async Task<int> ExecuteAsync(TextWriter stderr, Func<Task> action)
    {
        try
        {
            await action();
            return DataGenCli.Success;
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException or InvalidDataException or JsonException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.UserError;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Why catch everything: the CLI's contract is exit code 2 with one clear line for any unexpected failure.
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.Failure;
        }
    }
}
