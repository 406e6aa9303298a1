using System.CommandLine;
using System.Globalization;
using DataGen.Configuration;
using DataGen.Scale;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen status DIR</c>: done and missing shards per stage of a sharded run, tokens and cost so far.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("folder") { Description = "The output folder of a sharded run." };
        var command = new Command("status", "Show done and missing shards per stage of a sharded run, with tokens and cost of the committed shards.") { folder };
        command.SetAction(async (parse, _) =>
        {
            ScaleStatus status;
            try
            {
                status = ScaleStatus.Read(parse.GetValue(folder)!);
            }
            catch (ConfigException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return DataGenCli.UserError;
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"run {status.Run.RunId}: {status.Run.Shards} shards"));
            await stdout.WriteLineAsync($"{"stage",-10}{"done",8}{"tasks",8}  missing");
            foreach (var stage in status.Stages)
            {
                var missing = stage.Missing.Count == 0 ? "-" : string.Join(",", stage.Missing);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{stage.Stage,-10}{stage.Done,8}{stage.Tasks,8}  {missing}"));
            }

            var usage = status.Usage;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"so far: {usage.Calls} model calls paid ({usage.ReplayedCalls} replayed), {usage.InputTokens} input and {usage.OutputTokens} output tokens, cost {usage.Cost:0.####}"));
            return DataGenCli.Success;
        });
        return command;
    }
}
