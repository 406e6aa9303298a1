using DataGen.Output;

namespace DataGen.Scale;

/// <summary>Done and missing shards per stage of a sharded run, with the usage its commits recorded so far.</summary>
public sealed record ScaleStatus(RunDescriptor Run, IReadOnlyList<StageStatus> Stages, ManifestUsageLine Usage)
{
    public static ScaleStatus Read(string output)
    {
        var layout = new ScaleLayout(output);
        if (!File.Exists(layout.RunFile))
        {
            throw new Configuration.ConfigException(layout.RunFile, "no sharded run here: run.json is missing (run the plan stage first)");
        }

        var run = System.Text.Json.JsonSerializer.Deserialize<RunDescriptor>(File.ReadAllBytes(layout.RunFile), CommitPublisher.Json)!;
        var stages = new List<StageStatus>();
        var usage = new List<ManifestUsage?>();
        foreach (var stage in StageNames.All)
        {
            var tasks = StageNames.Tasks(stage, run.Shards);
            var missing = ShardTaskRunner.Missing(layout, stage, run.Shards);
            stages.Add(new StageStatus(stage, tasks, tasks - missing.Count, missing));
            usage.AddRange(Enumerable.Range(0, tasks).Except(missing).Select(i => CommitPublisher.Read(layout.CommitFile(stage, i))?.Usage));
        }

        return new ScaleStatus(run, stages, UsageMerger.Merge(usage).Total);
    }
}
