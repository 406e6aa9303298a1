namespace DataGen.Quality.Dedupe;

/// <summary>One Parquet shard of an earlier run, and that run's id.</summary>
public sealed record EarlierShard(string Path, string Run);
