using DataGen.Pipeline.Stages;

namespace DataGen.Scale;

/// <summary>
/// Where a sharded run runs each stage of a kind's list, cut at the stages that need every sample: the leading
/// per-sample stages run in each generate shard, the trailing per-sample stages in each judge shard, the trailing
/// stages that need every sample in the finalize task, and everything between (the dedupe run of global stages, with
/// any per-sample stage among them) in the one dedupe reduce. Any list has such a cut, so no stage is ever skipped.
/// </summary>
internal sealed record StageCut(
    IReadOnlyList<IOutcomeStage> Generate, IReadOnlyList<IOutcomeStage> Reduce, IReadOnlyList<IOutcomeStage> Judge, IReadOnlyList<IOutcomeStage> Finalize)
{
    public static StageCut Of(IReadOnlyList<IOutcomeStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var head = Leading(stages, StageScope.PerSample);
        var rest = stages.Skip(head).ToList();
        var finalize = Trailing(rest, StageScope.AllInSeedOrder);
        var beforeFinalize = rest.Take(rest.Count - finalize).ToList();
        var judge = Trailing(beforeFinalize, StageScope.PerSample);
        return new StageCut(
            [.. stages.Take(head)],
            [.. beforeFinalize.Take(beforeFinalize.Count - judge)],
            [.. beforeFinalize.Skip(beforeFinalize.Count - judge)],
            [.. rest.Skip(rest.Count - finalize)]);
    }

    /// <summary>The stages that <paramref name="task"/> (a sharded run's stage name) runs.</summary>
    public IReadOnlyList<IOutcomeStage> For(string task) => task switch
    {
        StageNames.Generate => Generate,
        StageNames.Dedupe => Reduce,
        StageNames.Judge => Judge,
        StageNames.Finalize => Finalize,
        _ => [],
    };

    private static int Leading(IReadOnlyList<IOutcomeStage> stages, StageScope scope) => stages.TakeWhile(s => s.Scope == scope).Count();

    private static int Trailing(IReadOnlyList<IOutcomeStage> stages, StageScope scope) => stages.Reverse().TakeWhile(s => s.Scope == scope).Count();
}
