namespace DataGen.Scale;

/// <summary>
/// The stages of a sharded run, in order, and how many tasks each has: plan (1) → generate (S) → dedupe (1) →
/// judge (S) → finalize (1). Each task runs once per shard and commits once; a stage starts only when every commit of
/// the stage before it exists.
/// </summary>
public static class StageNames
{
    public const string Plan = "plan";
    public const string Generate = "generate";
    public const string Dedupe = "dedupe";
    public const string Judge = "judge";
    public const string Finalize = "finalize";

    /// <summary>All stages in barrier order.</summary>
    public static IReadOnlyList<string> All { get; } = [Plan, Generate, Dedupe, Judge, Finalize];

    /// <summary>Whether the stage has one task per shard (rather than one task in all).</summary>
    public static bool IsSharded(string stage) => stage is Generate or Judge;

    /// <summary>Number of tasks of <paramref name="stage"/> in a run of <paramref name="shards"/> shards.</summary>
    public static int Tasks(string stage, int shards) => IsSharded(stage) ? shards : 1;

    /// <summary>The stage whose commits must all exist before <paramref name="stage"/> starts; null for plan.</summary>
    public static string? Upstream(string stage) => stage switch
    {
        Plan => null,
        Generate => Plan,
        Dedupe => Generate,
        Judge => Dedupe,
        Finalize => Judge,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "unknown stage"),
    };

    public static bool IsKnown(string stage) => All.Contains(stage, StringComparer.Ordinal);
}
