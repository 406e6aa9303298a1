using DataGen.Generation;
using DataGen.Output;

namespace DataGen.Pipeline;

/// <summary>An <see cref="IRowSink"/> over a shard writer and a mapping from samples to rows.</summary>
internal sealed class RowSink<TRow>(ParquetShardWriter<TRow> writer, Func<Sample, TRow> map) : IRowSink
    where TRow : class, new()
{
    public Task AddAsync(Sample sample, CancellationToken cancellationToken) => writer.AddAsync(map(sample), cancellationToken);

    public Task<IReadOnlyList<ShardInfo>> CompleteAsync(CancellationToken cancellationToken) => writer.CompleteAsync(cancellationToken);
}
