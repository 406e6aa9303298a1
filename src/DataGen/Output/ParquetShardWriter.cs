using System.Globalization;
using System.Security.Cryptography;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Output;

/// <summary>
/// Writes rows into numbered shards <c>part-00000.parquet</c>, ... of at most <c>rowsPerShard</c> rows each. A shard
/// is written under a temporary name, flushed to disk and then renamed, so a crash never leaves a half file under a
/// final name. Shards left from an earlier run beyond the ones written now are removed at completion.
/// </summary>
/// <typeparam name="TRow">A row class whose properties carry <c>JsonPropertyName</c> column names.</typeparam>
public sealed class ParquetShardWriter<TRow>
    where TRow : class, new()
{
    private readonly string _root;
    private readonly string _folder;
    private readonly int _rowsPerShard;
    private readonly ParquetOptions _options;
    private readonly IReadOnlyDictionary<string, string> _metadata;
    private readonly List<TRow> _buffer = [];
    private readonly List<ShardInfo> _shards = [];

    public ParquetShardWriter(string root, string folder, int rowsPerShard, string compression, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerShard, 1);
        _root = root;
        _folder = folder;
        _rowsPerShard = rowsPerShard;
        _metadata = metadata;
        _options = ParquetCompression.Options(compression);
        foreach (var (path, hint) in EncodingHints())
        {
            _options.ColumnEncodingHints[path] = hint;
        }

        Directory.CreateDirectory(Path.Combine(root, folder));
    }

    public long RowsWritten { get; private set; }

    public async Task AddAsync(TRow row, CancellationToken cancellationToken)
    {
        _buffer.Add(row);
        if (_buffer.Count >= _rowsPerShard)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes the last partial shard (or one empty shard if nothing was written) and removes stale shards.</summary>
    public async Task<IReadOnlyList<ShardInfo>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count > 0 || _shards.Count == 0)
        {
            await FlushAsync(cancellationToken);
        }

        var kept = _shards.Select(s => Path.GetFileName(s.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in Directory.EnumerateFiles(Path.Combine(_root, _folder), "part-*.parquet"))
        {
            if (!kept.Contains(Path.GetFileName(stale)))
            {
                File.Delete(stale);
            }
        }

        return _shards;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"part-{_shards.Count:D5}.parquet");
        var relative = $"{_folder}/{name}";
        var final = Path.Combine(_root, _folder, name);
        var temporary = Path.Combine(_root, _folder, $".{name}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await ParquetSerializer.SerializeAsync(_buffer, stream, _options, _metadata, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            var sha = await HashAsync(temporary, cancellationToken);
            File.Move(temporary, final, overwrite: true);
            _shards.Add(new ShardInfo { Path = relative, Rows = _buffer.Count, Bytes = new FileInfo(final).Length, Sha256 = sha });
            RowsWritten += _buffer.Count;
            _buffer.Clear();
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    // Parquet.Net writes every column PLAIN unless a column is hinted; DuckDB's COPY dictionary-encodes any column whose
    // values repeat (`datagen bench parquet` prints both per column). Every string column is hinted, and Parquet.Net
    // keeps a column PLAIN when more than DictionaryEncodingThreshold of its values are distinct, so ids and prose stay
    // PLAIN while kind, provider, model, principle and prompt ids, axis values and the like take a few bits a row.
    // Integer columns (judge scores, token counts, seeds) are delta-bit-packed: a score of 1 to 5 takes a few bits
    // instead of four bytes before compression.
    private static IEnumerable<(string Path, EncodingHint Hint)> EncodingHints() =>
        typeof(TRow).GetParquetSchema(forWriting: true).GetDataFields()
            .Select(field => (field.Path.ToString(), Hint: Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType))
            .Where(f => f.Hint == typeof(string) || f.Hint == typeof(ReadOnlyMemory<char>) || f.Hint == typeof(int) || f.Hint == typeof(long))
            .Select(f => (f.Item1, f.Hint == typeof(int) || f.Hint == typeof(long) ? EncodingHint.DeltaBinaryPacked : EncodingHint.Dictionary));

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
