using DataGen.Output;

namespace DataGen.Scale;

/// <summary>
/// <c>_work/commits/&lt;stage&gt;/&lt;shard&gt;.json</c>: the one published result of a task. It names the attempt folder
/// whose files are the task's output, so nothing is renamed after publishing. Downstream stages read these records,
/// never directory listings.
/// </summary>
public sealed record CommitRecord
{
    public required string Stage { get; init; }

    public required int Shard { get; init; }

    /// <summary>Name of the attempt folder under <c>_work/attempts/</c> that holds the task's files.</summary>
    public required string Attempt { get; init; }

    public required string Host { get; init; }

    public required int Pid { get; init; }

    public required DateTimeOffset CommittedAt { get; init; }

    /// <summary>Calls, tokens and cost of this task (replayed calls counted apart).</summary>
    public ManifestUsage? Usage { get; init; }

    /// <summary>Per kind: the task's stage counters and tokens.</summary>
    public IReadOnlyDictionary<string, ShardKindStats> Kinds { get; init; } = new Dictionary<string, ShardKindStats>();
}
