using DataGen.Configuration;
using Microsoft.Extensions.AI;

namespace DataGen.Providers;

/// <summary>
/// A provider the host adds to the ones <see cref="ChatClientFactory"/> builds itself: the CLI adds the simulator, so
/// the core library builds no test double. <see cref="ChatClientFactory"/> wraps its client like any other endpoint's
/// (redaction, rate limits, resilience).
/// </summary>
public interface IChatProvider
{
    /// <summary>The <c>provider.name</c> this provider serves.</summary>
    string Name { get; }

    /// <summary>Creates one endpoint's client for <paramref name="options"/>' provider block; bad options are a <see cref="ConfigException"/>.</summary>
    IChatClient Create(PipelineOptions options, TimeProvider time);
}
