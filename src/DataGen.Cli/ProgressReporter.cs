using System.Globalization;
using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Providers.Resilience;
using Microsoft.Extensions.Logging;

namespace DataGen.Cli;

/// <summary>
/// Shows a running job's progress. On a terminal: a <see cref="LiveRegion"/> redrawn twice a second, one row per kind
/// with that kind's own calls, tokens and cost, a row per stage after generation (checks, judge, dedupe,
/// decontamination) with what it has taken in, kept, dropped and still holds, the run-wide totals once, and a row for
/// calls hung past <c>progress.hungCallFactor</c> × their endpoint's mean latency. Elsewhere (CI, pipes): the same
/// figures as a log line every <c>interval</c>. Hung calls are also logged as a warning in both modes, when they
/// first appear and whenever more of them hang.
/// </summary>
internal sealed class ProgressReporter(RunProgress progress, ProgressOptions options, TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private int _hungReported;

    public async Task RunAsync(LiveRegion? live, TimeSpan interval, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        live?.Start();
        var lastLog = time.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(Tick, time, cancellationToken);
                var hung = FindHung();
                ReportHung(hung, logger);
                if (live is not null)
                {
                    live.Show(Rows(hung));
                }
                else if (time.GetElapsedTime(lastLog) >= interval)
                {
                    lastLog = time.GetTimestamp();
                    Log(logger);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished: the reporter stops with it.
        }
        finally
        {
            if (live is not null)
            {
                // The final figures stay on screen as ordinary lines, hung calls left out (the run is over).
                live.Show(Rows(null));
                live.Stop();
            }
        }
    }

    /// <summary>The calls hung now over every endpoint of the run, or null.</summary>
    public HungCalls? FindHung() =>
        new HungCallWatch(progress.Endpoints, options.HungCallFactor, TimeSpan.FromSeconds(options.HungCallMinSeconds)).Find();

    /// <summary>The live region's lines: per kind a row and its stages' rows, then the run's totals, then hung calls.</summary>
    public IReadOnlyList<string> Rows(HungCalls? hung)
    {
        var rows = new List<string>();
        foreach (var kind in progress.Kinds)
        {
            var own = progress.Ledger?.ForKind(kind.Kind);
            var (rate, eta) = RateAndEta(kind);
            var share = kind.Requested == 0 ? 1 : Math.Min(1, (double)kind.Completed / kind.Requested);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"{kind.Kind,-13} {Bar(share)} {share,4:0%} {kind.Completed}/{kind.Requested} done, {kind.Done} generated ({kind.Failed} failed), {rate:0.0}/s ETA {eta} | {own?.Calls ?? 0} calls, {own?.ReplayedCalls ?? 0} replayed, {Tokens((own?.InputTokens ?? 0) + (own?.OutputTokens ?? 0))} tok, cost {own?.Cost ?? 0:0.####}"));
            rows.AddRange(StageRows(kind).Select(s => "  " + s));
        }

        if (progress.Ledger is { } ledger)
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"run total: {ledger.PaidCalls} calls paid, {ledger.ReplayedCalls} replayed, {Tokens(ledger.Tokens)} tok, cost {ledger.PaidCost:0.####}; {progress.Endpoints.Sum(e => e.InFlightAges().Count)} calls in flight"));
        }

        if (hung is not null)
        {
            rows.Add(Describe(hung));
        }

        return rows;
    }

    /// <summary>One line per stage after generation: taken in, kept, dropped, and held (waiting in the stage or its queue).</summary>
    public static IEnumerable<string> StageRows(RunProgress.KindProgress kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var offered = kind.Generated?.Kept ?? 0;
        foreach (var stage in kind.Stages)
        {
            var seen = stage.Seen;
            var dropped = stage.Dropped.Values.Sum();
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{stage.Stage,-22} {seen}/{offered} in, {stage.Kept} kept, {dropped} dropped, {Math.Max(0, offered - seen)} waiting");
            offered = stage.Kept;
        }
    }

    /// <summary>The hung-call line of the live view and the log.</summary>
    public static string Describe(HungCalls hung)
    {
        ArgumentNullException.ThrowIfNull(hung);
        return string.Create(CultureInfo.InvariantCulture,
            $"HUNG: {hung.Count} call{(hung.Count == 1 ? string.Empty : "s")} in flight past the hung threshold; oldest {hung.Oldest.TotalSeconds:0} s on {hung.Endpoint} (threshold {hung.Threshold.TotalSeconds:0.#} s)");
    }

    private void ReportHung(HungCalls? hung, ILogger logger)
    {
        if (hung is null)
        {
            _hungReported = 0;
            return;
        }

        if (hung.Count > _hungReported)
        {
            _hungReported = hung.Count;
            logger.LogWarning("{Count} model call(s) in flight past the hung threshold; oldest {Age} on {Endpoint} (threshold {Threshold}: progress.hungCallFactor times the endpoint's mean latency, at least progress.hungCallMinSeconds)",
                hung.Count, Seconds(hung.Oldest), hung.Endpoint, Seconds(hung.Threshold));
        }
    }

    private void Log(ILogger logger)
    {
        foreach (var kind in progress.Kinds.Where(k => k.Completed < k.Requested))
        {
            var own = progress.Ledger?.ForKind(kind.Kind);
            var (rate, eta) = RateAndEta(kind);
            logger.LogInformation("Progress {Kind}: {Completed}/{Requested} done, {Done} generated, {Failed} failed, {Rate} samples/s, ETA {Eta}; this kind {Calls} calls paid, {Replayed} replayed, {Tokens} tokens, cost {Cost}; stages: {Stages}",
                kind.Kind, kind.Completed, kind.Requested, kind.Done, kind.Failed, rate.ToString("0.0", CultureInfo.InvariantCulture), eta,
                own?.Calls ?? 0, own?.ReplayedCalls ?? 0, (own?.InputTokens ?? 0) + (own?.OutputTokens ?? 0), (own?.Cost ?? 0).ToString("0.####", CultureInfo.InvariantCulture),
                string.Join("; ", StageRows(kind).Select(r => string.Join(' ', r.Split(' ', StringSplitOptions.RemoveEmptyEntries)))));
        }

        if (progress.Ledger is { } ledger)
        {
            logger.LogInformation("Progress run total: {Calls} calls paid, {Replayed} replayed, {Tokens} tokens, cost {Cost}",
                ledger.PaidCalls, ledger.ReplayedCalls, ledger.Tokens, ledger.PaidCost.ToString("0.####", CultureInfo.InvariantCulture));
        }
    }

    private (double Rate, string Eta) RateAndEta(RunProgress.KindProgress kind)
    {
        var elapsed = time.GetElapsedTime(kind.StartedAt).TotalSeconds;
        var rate = elapsed > 0 ? kind.Completed / elapsed : 0;
        var left = Math.Max(0, kind.Requested - kind.Completed);
        var eta = left == 0 ? "0:00:00" : rate > 0 ? TimeSpan.FromSeconds(Math.Round(left / rate)).ToString("c", CultureInfo.InvariantCulture) : "?";
        return (rate, eta);
    }

    private static string Bar(double share)
    {
        const int width = 20;
        var full = (int)Math.Round(share * width);
        return "[" + new string('#', full) + new string('-', width - full) + "]";
    }

    private static string Tokens(long tokens) => tokens switch
    {
        >= 10_000_000 => string.Create(CultureInfo.InvariantCulture, $"{tokens / 1_000_000.0:0.0}M"),
        >= 10_000 => string.Create(CultureInfo.InvariantCulture, $"{tokens / 1_000.0:0.0}k"),
        _ => tokens.ToString(CultureInfo.InvariantCulture),
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture);
}
