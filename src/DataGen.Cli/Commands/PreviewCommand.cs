using System.CommandLine;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Pipeline;
using DataGen.Providers;
using DataGen.Reporting.Preview;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen preview --kind K --n N</c>: try a prompt edit in seconds; prints, writes nothing.</summary>
internal static class PreviewCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CommonOptions.Config();
        var kind = new Option<string>("--kind", "-k") { Description = "documents, stories or advice_chats.", Required = true };
        var count = new Option<int>("--n", "-n")
        {
            Description = "Seeds to preview.",
            DefaultValueFactory = _ => 3,
            CustomParser = r => r.Tokens.Count == 0 ? 3 : CommonOptions.ParseCount(r, "--n", 1, 50) ?? 0,
        };
        var provider = CommonOptions.Provider();
        var model = CommonOptions.Model();
        var endpoint = CommonOptions.Endpoint();
        var verbose = CommonOptions.Verbose();
        var command = new Command("preview", "Render the prompts for a few seeds of one kind, call the configured model, and print each sample with its check results. Writes nothing.")
        {
            config, kind, count, provider, model, endpoint, verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DataKindNames.TryParse(parse.GetValue(kind)!, out var dataKind))
            {
                await stderr.WriteLineAsync($"error: --kind: '{parse.GetValue(kind)}' is not documents, stories or advice_chats");
                return DataGenCli.UserError;
            }

            var (factory, logger) = Logging.Create(stderr, parse.GetValue(verbose), null);
            try
            {
                var overrides = new ConfigOverrides(parse.GetValue(provider), parse.GetValue(model), parse.GetValue(endpoint), null);
                var prepared = PreparedRun.Prepare(overrides.Load(parse.GetValue(config)!));
                using var client = HostProviders.Create(prepared.Options, factory);
                var items = await new PromptPreviewer(prepared, client, factory, TimeProvider.System).RunAsync(dataKind, parse.GetValue(count), cancellationToken);
                await PrintAsync(stdout, prepared, dataKind, items);
                return DataGenCli.Success;
            }
            catch (ConfigException ex)
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
            finally
            {
                factory.Dispose();
                await logger.DisposeAsync();
            }
        });
        return command;
    }

    private static async Task PrintAsync(TextWriter stdout, PreparedRun prepared, DataKind kind, IReadOnlyList<PreviewItem> items)
    {
        var provider = prepared.Options.Provider;
        await stdout.WriteLineAsync($"preview of {items.Count} {kind.Name()} from {provider.Name}/{provider.Model}{(provider.IsSimulated ? " (SIMULATED: not model output)" : string.Empty)}; nothing is written");
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            await stdout.WriteLineAsync();
            await stdout.WriteLineAsync($"=== {i + 1}/{items.Count} {item.Seed.Id}: {item.Seed.Principle.Id}; {string.Join(", ", item.Seed.Axes.Select(a => $"{a.Key}={a.Value}"))}");
            foreach (var (step, prompt) in item.Prompts)
            {
                await stdout.WriteLineAsync($"--- prompt {step} ({prompt.PromptId})");
                if (prompt.System is { } system)
                {
                    await stdout.WriteLineAsync("[system]");
                    await stdout.WriteLineAsync(system);
                }

                await stdout.WriteLineAsync("[user]");
                await stdout.WriteLineAsync(prompt.User);
            }

            var sample = item.Outcome.Sample ?? item.Outcome.Rejection!.Sample;
            await stdout.WriteLineAsync("--- sample");
            if (sample?.Messages is { } turns)
            {
                foreach (var turn in turns)
                {
                    await stdout.WriteLineAsync($"[{turn.Role}]");
                    await stdout.WriteLineAsync(turn.Content);
                }
            }
            else
            {
                await stdout.WriteLineAsync(sample?.Text ?? item.Outcome.Rejection?.RawReply ?? "(no reply)");
            }

            await stdout.WriteLineAsync("--- checks");
            if (item.Outcome.Rejection is { } rejection)
            {
                await stdout.WriteLineAsync($"DROPPED by {rejection.Stage}: {rejection.Reason}{(rejection.Detail is null ? string.Empty : $" ({rejection.Detail})")}");
            }
            else
            {
                await stdout.WriteLineAsync($"kept: {sample!.Calls} calls, {sample.Usage.Input} input and {sample.Usage.Output} output tokens, finish {sample.FinishReason ?? "?"}");
            }

            if ((item.Outcome.Sample ?? item.Outcome.Rejection?.Sample)?.Quality.Verdict is { } verdict)
            {
                await stdout.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"judge: mean {verdict.Mean:0.00} ({string.Join(", ", verdict.Scores.Select(s => $"{s.Key}={s.Value}"))}), section {verdict.Section}, rubric {verdict.RubricHash}"));
                await stdout.WriteLineAsync($"judge rationale: {verdict.Rationale}");
            }
        }
    }
}
