using System.CommandLine;
using DataGen.Cli.Commands;

namespace DataGen.Cli;

/// <summary>The <c>datagen</c> command tree. Exit codes: 0 success, 1 user error (bad config or input), 2 anything else.</summary>
public static class DataGenCli
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int Failure = 2;
    public const int NotReady = 3;

    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("DataGen: turns a constitution into fine-tuning data that teaches the reasons behind good behaviour (documents, stories, advice chats).")
        {
            RunCommand.Create(stdout, stderr),
            ValidateCommand.Create(stdout, stderr),
            PlanCommand.Create(stdout, stderr),
            SimulateServerCommand.Create(stdout, stderr),
            BenchCommand.Create(stdout, stderr),
            DedupeCommand.Create(stdout, stderr),
            ReportCommand.Create(stdout, stderr),
            CompareCommand.Create(stdout, stderr),
            ReviewCommand.Create(stdout, stderr),
            ExportCommand.Create(stdout, stderr),
            PreviewCommand.Create(stdout, stderr),
            LaunchCommand.Create(stdout, stderr),
            StatusCommand.Create(stdout, stderr),
        };
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build(stdout, stderr);
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
