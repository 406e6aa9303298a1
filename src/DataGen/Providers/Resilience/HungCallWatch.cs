using DataGen.Providers.Routing;
using Microsoft.Extensions.AI;

namespace DataGen.Providers.Resilience;

/// <summary>
/// Finds model calls in flight far longer than usual: an attempt is hung once its age passes
/// <c>factor</c> × its endpoint's mean latency, and never before <c>floor</c> (the threshold before an endpoint's first
/// answer). Only the attempt waiting on the endpoint counts; a call queued for a slot or a rate bucket is not hung.
/// </summary>
public sealed class HungCallWatch
{
    private readonly IReadOnlyList<EndpointChatClient> _endpoints;
    private readonly double _factor;
    private readonly TimeSpan _floor;

    public HungCallWatch(IReadOnlyList<EndpointChatClient> endpoints, double factor, TimeSpan floor)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(factor, 0);
        _endpoints = endpoints;
        _factor = factor;
        _floor = floor;
    }

    /// <summary>Every endpoint behind a run's provider client: one provider's, or each routed provider's.</summary>
    public static IReadOnlyList<EndpointChatClient> EndpointsOf(IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.GetService<ProviderRouterChatClient>() is { } router)
        {
            return [.. router.Clients.Values.SelectMany(c => c.GetService<ResilientChatClient>()?.Endpoints ?? [])];
        }

        return client.GetService<ResilientChatClient>()?.Endpoints ?? [];
    }

    /// <summary>The hung threshold of one endpoint now.</summary>
    public TimeSpan ThresholdOf(EndpointChatClient endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.MeanLatency is { } mean && mean * _factor > _floor ? mean * _factor : _floor;
    }

    /// <summary>The calls hung now, or null when none is.</summary>
    public HungCalls? Find()
    {
        var count = 0;
        HungCalls? oldest = null;
        foreach (var endpoint in _endpoints)
        {
            var threshold = ThresholdOf(endpoint);
            foreach (var age in endpoint.InFlightAges())
            {
                if (age <= threshold)
                {
                    continue;
                }

                count++;
                if (oldest is null || age > oldest.Oldest)
                {
                    oldest = new HungCalls { Count = 0, Oldest = age, Endpoint = endpoint.Name, Threshold = threshold };
                }
            }
        }

        return oldest is null ? null : oldest with { Count = count };
    }
}
