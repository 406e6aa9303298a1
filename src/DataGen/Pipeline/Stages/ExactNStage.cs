using DataGen.Generation;

namespace DataGen.Pipeline.Stages;

/// <summary>
/// Exact-N's cap: keeps the first N surviving samples in seed order and drops the rest as <c>surplus</c>. Last in the
/// list; it needs every sample in seed order, so a sharded run gives it the finalize task.
/// </summary>
internal sealed class ExactNStage(ExactNTally tally, int target, TimeProvider time) : FilterStage(StageName, StageScope.AllInSeedOrder, time)
{
    public const string StageName = "exact_n";

    protected override ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken) =>
        ValueTask.FromResult(tally.TryKeep() ? StageVerdict.Keep() : StageVerdict.Drop("surplus", $"{target} rows were already kept"));
}
