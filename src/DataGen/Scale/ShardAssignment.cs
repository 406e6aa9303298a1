using System.IO.Hashing;
using System.Text;

namespace DataGen.Scale;

/// <summary>
/// Which shard an item belongs to: XxHash64 of its id modulo the shard count. Depends only on the id and S, never on
/// how many workers run (and never on <see cref="object.GetHashCode"/>, which is randomised per process).
/// </summary>
public static class ShardAssignment
{
    public static int ShardOf(string id, int shards)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        return (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(id)) % (ulong)shards);
    }
}
