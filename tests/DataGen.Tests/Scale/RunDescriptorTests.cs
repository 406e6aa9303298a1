using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Simulator;
using DataGen.Quality.Decontamination;
using DataGen.Scale;
using DataGen.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Scale;

/// <summary><c>run.json</c> records what decides the rows; a task of a run whose eval sets changed refuses to mix.</summary>
public sealed class RunDescriptorTests
{
    [Test]
    public void OpenRun_EvalItemsChangedSinceThePlan_RefusesNamingTheEvalSets()
    {
        using var dir = new TempDirectory();
        var loaded = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var run = PreparedRun.Prepare(loaded, 2);
        var edited = run with { EvalItems = [.. run.EvalItems.Skip(1), new EvalItem("planted-01", "A scenario written for this test alone.", "planted.jsonl")] };
        using var client = new SimulatedChatClient(SimulatorOptions.Clean, loaded.Provider.Model);
        var first = new ShardTaskRunner(run, dir.Path, client, NullLoggerFactory.Instance, TimeProvider.System);
        var second = new ShardTaskRunner(edited, dir.Path, client, NullLoggerFactory.Instance, TimeProvider.System);

        var created = first.OpenRun(2, "eval");
        var error = Assert.Throws<ConfigException>(() => second.OpenRun(null, "eval"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.EvalItems, Is.Not.Empty, "the shipped config decontaminates against datasets/eval");
            Assert.That(created.EvalSetsSha256, Is.EqualTo(ShardTaskRunner.EvalSetsHash(run)).And.Not.EqualTo(ShardTaskRunner.EvalSetsHash(edited)));
            Assert.That(error!.Message, Does.Contain("eval sets hash differs"));
            Assert.That(first.OpenRun(null, "eval").EvalSetsSha256, Is.EqualTo(created.EvalSetsSha256), "the same eval items open the run");
        }
    }
}
