using System.Globalization;
using DataGen.Pipeline;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DataGen.Cli;

/// <summary>
/// Shows a running job's progress: a live Spectre.Console display per kind (counts, rate, ETA, tokens, cost) when
/// stderr is a terminal, and a log line every few seconds otherwise (CI, pipes), because live displays print nothing
/// when redirected.
/// </summary>
internal sealed class ProgressReporter(RunProgress progress, TimeProvider time)
{
    public async Task RunAsync(TextWriter stderr, bool terminal, TimeSpan interval, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            if (terminal)
            {
                await LiveAsync(stderr, cancellationToken);
            }
            else
            {
                while (true)
                {
                    await Task.Delay(interval, time, cancellationToken);
                    Log(logger);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished: the reporter stops with it.
        }
    }

    private async Task LiveAsync(TextWriter stderr, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                while (!cancellationToken.IsCancellationRequested)
                {
                    foreach (var kind in progress.Kinds)
                    {
                        if (!tasks.TryGetValue(kind.Kind, out var task))
                        {
                            task = tasks[kind.Kind] = context.AddTask(kind.Kind, maxValue: Math.Max(1, kind.Requested));
                        }

                        task.Value = kind.Done;
                        task.Description = Markup.Escape(Describe(kind));
                    }

                    context.Refresh();
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                foreach (var kind in progress.Kinds)
                {
                    if (tasks.TryGetValue(kind.Kind, out var task))
                    {
                        task.Value = kind.Done;
                        task.Description = Markup.Escape(Describe(kind));
                    }
                }
            });
    }

    private void Log(ILogger logger)
    {
        var ledger = progress.Ledger;
        foreach (var kind in progress.Kinds.Where(k => k.Done < k.Requested))
        {
            var (rate, eta) = RateAndEta(kind);
            logger.LogInformation("Progress {Kind}: {Done}/{Requested} samples, {Failed} failed, {Rate} samples/s, ETA {Eta}; {Calls} calls paid, {Replayed} replayed, {Tokens} tokens, cost {Cost}",
                kind.Kind, kind.Done, kind.Requested, kind.Failed, rate.ToString("0.0", CultureInfo.InvariantCulture), eta,
                ledger?.PaidCalls ?? 0, ledger?.ReplayedCalls ?? 0, ledger?.Tokens ?? 0, (ledger?.PaidCost ?? 0).ToString("0.####", CultureInfo.InvariantCulture));
        }
    }

    private string Describe(RunProgress.KindProgress kind)
    {
        var ledger = progress.Ledger;
        var (rate, eta) = RateAndEta(kind);
        return string.Create(CultureInfo.InvariantCulture,
            $"{kind.Kind,-13} {kind.Done}/{kind.Requested} ({kind.Failed} failed) {rate:0.0}/s ETA {eta} | {ledger?.PaidCalls ?? 0} paid, {ledger?.ReplayedCalls ?? 0} replayed, {ledger?.Tokens ?? 0} tok, cost {ledger?.PaidCost ?? 0:0.####}");
    }

    private (double Rate, string Eta) RateAndEta(RunProgress.KindProgress kind)
    {
        var elapsed = time.GetElapsedTime(kind.StartedAt).TotalSeconds;
        var rate = elapsed > 0 ? kind.Done / elapsed : 0;
        var left = kind.Requested - kind.Done;
        var eta = rate > 0 ? TimeSpan.FromSeconds(Math.Round(left / rate)).ToString("c", CultureInfo.InvariantCulture) : "?";
        return (rate, eta);
    }
}
