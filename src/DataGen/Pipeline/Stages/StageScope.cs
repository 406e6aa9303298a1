namespace DataGen.Pipeline.Stages;

/// <summary>What a stage needs to see, which decides where an executor may run it.</summary>
public enum StageScope
{
    /// <summary>Looks at one sample alone: may run inside any shard, in any process.</summary>
    PerSample,

    /// <summary>
    /// Needs every sample of the kind, in seed order (plan index): the first of a cluster keeps (dedupe), or the
    /// first N keep (exact-N). A sharded run gives it one reduce task.
    /// </summary>
    AllInSeedOrder,
}
