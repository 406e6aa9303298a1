namespace DataGen.Scale;

/// <summary>What a stage body gets: the task runner's services, the run, which task it is and its private folder.</summary>
internal sealed record ShardContext(ShardTaskRunner Runner, RunDescriptor Descriptor, string Stage, int Shard, string Attempt, string AttemptName)
{
    public ScaleLayout Layout => Runner.Layout;

    /// <summary>The run's identity, stamped on every row and reject this task writes.</summary>
    public Generation.RunIdentity Identity => Generation.RunIdentity.For(Descriptor.RunId, Runner.Run.Options, Runner.Run.Constitution.Sha256);

    /// <summary>The attempt folder that a committed task's files live in.</summary>
    public string CommittedFolder(string stage, int shard) =>
        Layout.AttemptFolder((CommitPublisher.Read(Layout.CommitFile(stage, shard)) ?? throw new StageNotReadyException($"stage {stage} shard {shard} has no commit")).Attempt);

    public IEnumerable<CommitRecord> Commits(string stage) =>
        Enumerable.Range(0, StageNames.Tasks(stage, Descriptor.Shards)).Select(i => CommitPublisher.Read(Layout.CommitFile(stage, i))!);
}
