using Parquet;

namespace DataGen.Output;

/// <summary>Maps the config's compression names to Parquet.Net options.</summary>
public static class ParquetCompression
{
    /// <summary>Parquet options for a compression name from the config (snappy, gzip, zstd, none).</summary>
    public static ParquetOptions Options(string compression) => new()
    {
        CompressionMethod = compression switch
        {
            "gzip" => CompressionMethod.Gzip,
            "zstd" => CompressionMethod.Zstd,
            "none" => CompressionMethod.None,
            _ => CompressionMethod.Snappy,
        },

        // Zstd at the default level is about 100x slower here; Optimal is the sensible speed/size point for all codecs.
        CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
    };
}
