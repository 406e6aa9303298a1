namespace DataGen.Scale.Launch;

/// <summary>
/// How a launcher starts one task: the executable and leading arguments (<c>dotnet /path/datagen.dll</c>, or
/// <c>datagen</c> in a container image) and the <c>datagen run</c> arguments every task of the run shares.
/// </summary>
public sealed record WorkerCommand
{
    /// <summary>Executable plus leading arguments, e.g. ["dotnet", "/opt/datagen/datagen.dll"].</summary>
    public required IReadOnlyList<string> Executable { get; init; }

    /// <summary>Shared arguments after <c>run</c>: --config, --out, --limit, provider overrides.</summary>
    public required IReadOnlyList<string> RunArguments { get; init; }

    /// <summary>Shard count S given to the plan stage.</summary>
    public required int Shards { get; init; }

    /// <summary>Concurrent workers W: each task takes 1/W of the concurrency and rate budget.</summary>
    public required int Workers { get; init; }

    /// <summary>The full command line of one task; <paramref name="shard"/> may be "auto".</summary>
    public IReadOnlyList<string> For(string stage, string shard)
    {
        var args = new List<string>(Executable) { "run" };
        args.AddRange(RunArguments);
        args.AddRange(["--stage", stage, "--shard", shard, "--workers", Workers.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (stage == StageNames.Plan)
        {
            args.AddRange(["--shards", Shards.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return args;
    }
}
