using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Simulator;
using DataGen.Scale;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Scale;

/// <summary>
/// <c>budget.maxCost</c> and <c>budget.maxFailureRate</c> hold for a whole sharded run, not per task, and a run stopped
/// by its budget resumes under a higher cap.
/// </summary>
public sealed class BudgetLeasesTests
{
    private const int Shards = 8;

    [Test]
    public async Task ShardedRun_MaxCostOverEightShardTasks_StopsWithinOneTasksCallsOfTheCap_AndResumesWithAHigherCap()
    {
        using var dir = new TempDirectory();
        using var client = new SimulatedChatClient(SimulatorOptions.Clean, "sim-1");

        // A priced model, so every call costs money; the uncapped run gives the full cost and the rows to resume to.
        var full = await RunAllAsync(client, dir.Combine("full"), maxCost: null);
        var fullCost = full.Commits.Sum(c => c.Usage?.Total.Cost ?? 0);
        var largestTask = full.Commits.Where(c => c.Stage == StageNames.Generate).Max(c => c.Usage?.Total.Cost ?? 0);
        Assert.That(fullCost, Is.GreaterThan(0));
        var cap = fullCost / 2;

        var capped = await RunAllAsync(client, dir.Combine("capped"), cap);
        var spent = capped.Commits.Sum(c => c.Usage?.Total.Cost ?? 0) + LeasedButNotCommitted(dir.Combine("capped"), capped.Commits);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(capped.Stopped, Is.GreaterThan(0), "tasks stopped by the run's budget");
            Assert.That(capped.Commits.Count(c => c.Stage == StageNames.Generate), Is.InRange(1, Shards - 1), "the tasks before the cap was reached committed");
            Assert.That(spent, Is.GreaterThanOrEqualTo(cap), "stops at the cap, not before");
            Assert.That(spent, Is.LessThanOrEqualTo(cap + largestTask), "stops within one task's calls of the cap: eight tasks do not spend eight budgets");
            Assert.That(File.Exists(dir.Combine("capped", "manifest.json")), Is.False, "nothing is finalized");
        }

        var resumed = await RunAllAsync(client, dir.Combine("capped"), fullCost * 10);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resumed.Stopped, Is.Zero);
            Assert.That(ScaleRun.ContentHash(dir.Combine("capped")), Is.EqualTo(ScaleRun.ContentHash(dir.Combine("full"))), "the resumed run writes the rows of the uncapped one");
        }
    }

    /// <summary>
    /// Runs every task of every stage in order (the plan with eight shards); a task the budget stops is counted and the
    /// next one tried; a task whose upstream stage is incomplete is skipped.
    /// </summary>
    private static async Task<(List<CommitRecord> Commits, int Stopped)> RunAllAsync(
        IChatClient client, string output, decimal? maxCost, int limit = 16, Func<BudgetOptions, BudgetOptions>? budget = null)
    {
        var loaded = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var options = loaded with
        {
            Simulator = SimulatorOptions.Clean,
            Output = loaded.Output with { Directory = output },
            Budget = (budget ?? (b => b))(loaded.Budget with { MaxCost = maxCost }),
            Prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal) { ["sim-1"] = new ModelPrice { InputPerMillion = 100, OutputPerMillion = 400 } },
            Quality = loaded.Quality with { Judge = loaded.Quality.Judge with { Enabled = false } },
        };
        var runner = new ShardTaskRunner(PreparedRun.Prepare(options, limit), output, client, NullLoggerFactory.Instance, TimeProvider.System);
        var stopped = 0;
        foreach (var stage in StageNames.All)
        {
            foreach (var shard in Enumerable.Range(0, StageNames.Tasks(stage, Shards)))
            {
                try
                {
                    await runner.RunTaskAsync(stage, shard, stage == StageNames.Plan ? Shards : null, "budget", CancellationToken.None);
                }
                catch (OperationCanceledException)
                {
                    stopped++;
                }
                catch (StageNotReadyException)
                {
                    // A stage after a stopped one cannot start: expected in the capped run, not a budget stop.
                }
            }
        }

        var layout = new ScaleLayout(output);
        var commits = StageNames.All.SelectMany(s => Enumerable.Range(0, StageNames.Tasks(s, Shards)).Select(i => CommitPublisher.Read(layout.CommitFile(s, i))))
            .OfType<CommitRecord>().ToList();
        return (commits, stopped);
    }

    private static decimal LeasedButNotCommitted(string output, IReadOnlyList<CommitRecord> commits)
    {
        var folder = Path.Combine(output, ScaleLayout.WorkFolder, "leases");
        var committed = commits.Select(c => c.Attempt).ToHashSet(StringComparer.Ordinal);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.json").Where(f => !committed.Contains(Path.GetFileNameWithoutExtension(f)))
                .Sum(f => BudgetLeases.Parse(File.ReadAllText(f)).Spent)
            : 0;
    }
}
