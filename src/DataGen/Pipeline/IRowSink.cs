using DataGen.Generation;
using DataGen.Output;

namespace DataGen.Pipeline;

/// <summary>Where kept samples of one kind go: mapped to that kind's row type and written to shards.</summary>
internal interface IRowSink
{
    Task AddAsync(Sample sample, CancellationToken cancellationToken);

    Task<IReadOnlyList<ShardInfo>> CompleteAsync(CancellationToken cancellationToken);
}
