using DataGen.Generation;
using Microsoft.Extensions.AI;

namespace DataGen.Providers.Routing;

/// <summary>
/// One client per provider block in use (each with its own endpoints, resilience pipeline, rate limits and
/// concurrency), and the call goes to the one its route names (<see cref="ProviderRoutes"/>). A call that no
/// <see cref="RouteStampingChatClient"/> stamped (a preview, a bench) is routed here the same way. Disposing disposes them all.
/// </summary>
public sealed class ProviderRouterChatClient : IChatClient
{
    private readonly ProviderRoutes _routes;
    private readonly IReadOnlyDictionary<string, IChatClient> _clients;

    public ProviderRouterChatClient(ProviderRoutes routes, IReadOnlyDictionary<string, IChatClient> clients)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(clients);
        if (!clients.ContainsKey(ProviderRoutes.Default))
        {
            throw new ArgumentException("the default provider's client is required", nameof(clients));
        }

        _routes = routes;
        _clients = clients;
    }

    /// <summary>The client of each provider block, by route name.</summary>
    public IReadOnlyDictionary<string, IChatClient> Clients => _clients;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (client, routed) = Pick(options);
        return client.GetResponseAsync(messages, routed, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (client, routed) = Pick(options);
        return client.GetStreamingResponseAsync(messages, routed, cancellationToken);
    }

    /// <summary>Services of the default provider's client (the manifest's endpoint figures read it); this router itself when asked for.</summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _clients[ProviderRoutes.Default].GetService(serviceType, serviceKey);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private (IChatClient Client, ChatOptions? Options) Pick(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(RouteStampingChatClient.RouteKey, out var name) == true && name is string stamped)
        {
            return (_clients[stamped], RouteStampingChatClient.Unstamped(options));
        }

        var route = _routes.For(ModelCallContext.Step);
        return (_clients[route.Name], RouteStampingChatClient.Unstamped(RouteStampingChatClient.Stamp(route, options)));
    }
}
