namespace DataGen.Output;

/// <summary>A written Parquet shard, as the manifest lists it.</summary>
public sealed record ShardInfo
{
    /// <summary>Path relative to the output folder, with forward slashes.</summary>
    public required string Path { get; init; }

    public required long Rows { get; init; }

    public required long Bytes { get; init; }

    /// <summary>SHA-256 of the file, lower-case hex.</summary>
    public required string Sha256 { get; init; }
}
