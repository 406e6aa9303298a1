using System.Globalization;
using System.Text.Json;

namespace DataGen.Output;

/// <summary>The process holding an output folder's lock.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="Host">Machine name.</param>
/// <param name="Since">When it took the lock.</param>
public sealed record LockHolder(int Pid, string Host, DateTimeOffset Since)
{
    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>"pid 123 on host h since ..." for messages.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"pid {Pid} on host {Host} since {Since:yyyy-MM-dd HH:mm:ss}Z");
}
