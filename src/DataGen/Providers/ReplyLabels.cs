using Microsoft.Extensions.AI;

namespace DataGen.Providers;

/// <summary>
/// Labels a client puts on a reply in <see cref="ChatResponse.AdditionalProperties"/>. A reply labelled
/// <see cref="Simulated"/> makes its sample, its rows and the run's manifest say <c>simulated</c>, whatever the
/// provider: whoever writes such replies (the simulator's client, or the client-side middleware reading its server's
/// label) sets it; the call path only reads it.
/// </summary>
public static class ReplyLabels
{
    /// <summary>Set to <c>true</c> on a reply no real model wrote.</summary>
    public const string Simulated = "datagen.simulated";

    /// <summary>True when <paramref name="response"/> is labelled <see cref="Simulated"/>.</summary>
    public static bool IsSimulated(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(Simulated, out var value) == true && value is true;
    }
}
