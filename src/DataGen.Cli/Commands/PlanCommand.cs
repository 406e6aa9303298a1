using System.CommandLine;
using System.Globalization;
using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Planning;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen plan</c>: expected calls and tokens per kind and step, for the configured counts and the published volumes.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CommonOptions.Config();
        var limit = new Option<int?>("--limit") { Description = "Cap on samples per kind, as for run." };
        var command = new Command("plan", "Print, per kind and step, the model calls and expected input and output tokens for the configured counts, and the same for the volumes the published work used (documents 300M, stories 30M, advice chats 3M tokens). Calls no model, writes nothing.")
        {
            config, limit,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = new ConfigOverrides(null, null, null, null).Load(parse.GetValue(config)!);
                var plan = VolumePlanner.Plan(PreparedRun.Prepare(options, parse.GetValue(limit)));
                await PrintAsync(stdout, "configured counts", plan.Configured);
                await PrintAsync(stdout, "published volumes", plan.Published);
                await stdout.WriteLineAsync(VolumePlanner.Assumptions);
                return DataGenCli.Success;
            }
            catch (ConfigException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return DataGenCli.UserError;
            }
        });
        return command;
    }

    private static async Task PrintAsync(TextWriter stdout, string title, IReadOnlyList<KindVolume> kinds)
    {
        await stdout.WriteLineAsync($"== {title}");
        await stdout.WriteLineAsync($"{"kind/step",-32}{"provider/model",-28}{"samples",12}{"calls",14}{"input tokens",18}{"output tokens",18}");
        foreach (var kind in kinds)
        {
            foreach (var step in kind.Steps)
            {
                var label = $"{kind.Kind}/{step.Step}{(step.Plan ? " (plan)" : string.Empty)}{(step.Enabled ? string.Empty : " (off)")}";
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label,-32}{step.Provider + "/" + step.Model,-28}{string.Empty,12}{step.Calls,14:N0}{step.InputTokens,18:N0}{step.OutputTokens,18:N0}"));
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{kind.Kind + " total",-32}{string.Empty,-28}{kind.Samples,12:N0}{kind.Calls,14:N0}{kind.InputTokens,18:N0}{kind.OutputTokens,18:N0}"));
        }

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{"all kinds",-32}{string.Empty,-28}{kinds.Sum(k => k.Samples),12:N0}{kinds.Sum(k => k.Calls),14:N0}{kinds.Sum(k => k.InputTokens),18:N0}{kinds.Sum(k => k.OutputTokens),18:N0}"));
    }
}
