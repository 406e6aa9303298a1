using DataGen.Cli;
using DataGen.Configuration;
using DataGen.Costs;
using DataGen.Pipeline;
using DataGen.Providers.Resilience;
using DataGen.Quality;
using DataGen.Tests.Providers.Local;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DataGen.Tests.Cli;

public sealed class ProgressReporterTests
{
    [Test]
    public void Rows_TwoKinds_EachRowShowsItsOwnCallsTokensAndCostAndTheRunTotalOnce()
    {
        var time = new FakeTimeProvider();
        var progress = new RunProgress
        {
            // 1 per thousand input tokens, 2 per thousand output tokens.
            Ledger = new UsageLedger(new CostCalculator(new Dictionary<string, ModelPrice> { ["m"] = new() { InputPerMillion = 1000, OutputPerMillion = 2000 } })),
        };
        progress.Start("documents", 10, time.GetTimestamp());
        progress.Start("stories", 10, time.GetTimestamp());
        progress.Ledger.Record("generate", "documents", "e", "m", input: 100, output: 50, cachedInput: 0, cacheWriteInput: 0, replayed: false);
        progress.Ledger.Record("judge", "documents", "e", "m", input: 200, output: 10, cachedInput: 0, cacheWriteInput: 0, replayed: false);
        progress.Ledger.Record("generate", "documents", "e", "m", input: 30, output: 20, cachedInput: 0, cacheWriteInput: 0, replayed: true);
        progress.Ledger.Record("generate", "stories", "e", "m", input: 400, output: 100, cachedInput: 0, cacheWriteInput: 0, replayed: false);

        var rows = new ProgressReporter(progress, new ProgressOptions(), time).Rows(null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Single(r => r.StartsWith("documents", StringComparison.Ordinal)), Does.Contain("| 2 calls, 1 replayed, 410 tok, cost 0.42"));
            Assert.That(rows.Single(r => r.StartsWith("stories", StringComparison.Ordinal)), Does.Contain("| 1 calls, 0 replayed, 500 tok, cost 0.6"));
            Assert.That(rows.Count(r => r.StartsWith("run total:", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(rows.Single(r => r.StartsWith("run total:", StringComparison.Ordinal)), Does.StartWith("run total: 3 calls paid, 1 replayed, 910 tok, cost 1.02;"));
        }
    }

    [Test]
    public void Rows_AllGeneratedButStagesBehind_KindIsNotDoneAndEachStageShowsItsOwnProgress()
    {
        var time = new FakeTimeProvider();
        var progress = new RunProgress();
        var kind = progress.Start("documents", 10, time.GetTimestamp());
        var generated = new StageCounters("name_hygiene");
        var judge = new StageCounters("judge");
        var dedupe = new StageCounters("dedupe_exact");
        for (var i = 0; i < 10; i++)
        {
            kind.Count(failed: i == 0);
        }

        for (var i = 0; i < 9; i++)
        {
            generated.CountKept();
        }

        for (var i = 0; i < 6; i++)
        {
            if (i == 0)
            {
                judge.CountDropped("low_score");
            }
            else
            {
                judge.CountKept();
            }
        }

        dedupe.CountKept();
        dedupe.CountKept();
        dedupe.CountDropped("duplicate");
        // Left the pipeline: the failed one, the judge's reject, the two dedupe kept and its reject.
        for (var i = 0; i < 5; i++)
        {
            kind.CountCompleted();
        }

        kind.Generated = generated;
        kind.Stages = [judge, dedupe];

        var rows = new ProgressReporter(progress, new ProgressOptions(), time).Rows(null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows[0], Does.Contain(" 50% 5/10 done, 10 generated (1 failed)"), "a kind whose judge still works is not shown as finished");
            Assert.That(rows[1], Does.Match(@"^  judge\s+6/9 in, 5 kept, 1 dropped, 3 waiting$"));
            Assert.That(rows[2], Does.Match(@"^  dedupe_exact\s+3/5 in, 2 kept, 1 dropped, 2 waiting$"));
        }
    }

    [Test]
    public void Describe_HungCalls_NamesCountOldestEndpointAndThreshold()
    {
        var line = ProgressReporter.Describe(new HungCalls { Count = 2, Oldest = TimeSpan.FromSeconds(47.4), Endpoint = "127.0.0.1:8080", Threshold = TimeSpan.FromSeconds(30) });

        Assert.That(line, Is.EqualTo("HUNG: 2 calls in flight past the hung threshold; oldest 47 s on 127.0.0.1:8080 (threshold 30 s)"));
    }

    [Test]
    public async Task RunAsync_NotATerminal_LogsPeriodicLinesWithTheKindsOwnFiguresAndWarnsOnceOfAHungCall()
    {
        var time = new FakeTimeProvider();
        using var never = new NeverAnsweringChatClient();
        var endpoint = new EndpointChatClient(never, "api-a", new ProviderOptions { TimeoutSeconds = 600 }, new ResilienceOptions(), null, null, NullLogger.Instance, time);
        var progress = new RunProgress
        {
            Ledger = new UsageLedger(new CostCalculator(new Dictionary<string, ModelPrice>())),
            Endpoints = [endpoint],
        };
        var kind = progress.Start("documents", 4, time.GetTimestamp());
        kind.Count(failed: false);
        kind.CountCompleted();
        progress.Ledger.Record("generate", "documents", "api-a", "m", input: 70, output: 30, cachedInput: 0, cacheWriteInput: 0, replayed: false);
        var logger = new RecordingLogger<ProgressReporter>();
        using var stop = new CancellationTokenSource();
        using var call = new CancellationTokenSource();
        var hanging = endpoint.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], cancellationToken: call.Token);

        var reporter = new ProgressReporter(progress, new ProgressOptions { HungCallFactor = 5, HungCallMinSeconds = 5 }, time)
            .RunAsync(live: null, TimeSpan.FromSeconds(10), logger, stop.Token);
        for (var i = 0; i < 400 && (time.GetUtcNow() - time.Start).TotalSeconds < 25; i++)
        {
            await Task.Delay(10);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        await stop.CancelAsync();
        await reporter;
        await call.CancelAsync();
        Assert.That(async () => await hanging, Throws.InstanceOf<OperationCanceledException>());

        var progressLines = logger.Entries.Where(e => e.Message.StartsWith("Progress documents:", StringComparison.Ordinal)).ToList();
        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(progressLines, Is.Not.Empty.And.Count.LessThanOrEqualTo(3), "one line per 10 s, not one per tick");
            Assert.That(progressLines[0].Message, Does.Contain("1/4 done").And.Contain("this kind 1 calls paid, 0 replayed, 100 tokens"));
            Assert.That(warnings, Has.Count.EqualTo(1), "one hung call, one warning");
            Assert.That(warnings[0].Message, Does.Contain("1 model call(s) in flight past the hung threshold").And.Contain("api-a"));
        }
    }

    private sealed class NeverAnsweringChatClient : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
