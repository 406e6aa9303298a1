using System.Globalization;

namespace DataGen.Scale;

/// <summary>
/// Where a sharded run keeps its working files, all under <c>_work/</c> of the output folder: <c>run.json</c>, commit
/// records <c>commits/&lt;stage&gt;/&lt;shard&gt;.json</c>, each attempt's private folder under <c>attempts/</c>, and one
/// response store per stage task under <c>stores/</c> (outside the attempt, so a requeued shard replays its calls).
/// The final layout (kind folders, rejects, manifest, card) stays at the top of the output folder.
/// </summary>
public sealed class ScaleLayout
{
    public const string WorkFolder = "_work";

    public ScaleLayout(string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        Output = Path.GetFullPath(output);
    }

    public string Output { get; }

    public string Work => Path.Combine(Output, WorkFolder);

    public string RunFile => Path.Combine(Work, "run.json");

    public string Attempts => Path.Combine(Work, "attempts");

    public string CommitFolder(string stage) => Path.Combine(Work, "commits", stage);

    public string CommitFile(string stage, int shard) => Path.Combine(CommitFolder(stage), string.Create(CultureInfo.InvariantCulture, $"{shard:D5}.json"));

    public string StoreFile(string stage, int shard) => Path.Combine(Work, "stores", string.Create(CultureInfo.InvariantCulture, $"{stage}-{shard:D5}.db"));

    public string AttemptFolder(string name) => Path.Combine(Attempts, name);

    /// <summary>A fresh, private folder name for one attempt of one task.</summary>
    public static string NewAttemptName(string stage, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{stage}-{shard:D5}-{Environment.ProcessId}-{Guid.NewGuid():N}");
}
