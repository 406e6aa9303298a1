using DataGen.Generation;
using Microsoft.Extensions.AI;

namespace DataGen.Providers.Routing;

/// <summary>
/// The outermost layer of a run's chat client when <c>providers</c> routes some calls: it stamps each call with its
/// route (<see cref="ProviderRoutes"/>), the model as <see cref="ChatOptions.ModelId"/> and the provider kind as
/// <see cref="ProviderKey"/>, so every layer below sees the same routing: the response-store key, the usage
/// ledger's model, and <see cref="ProviderRouterChatClient"/>, which sends the call to that provider's own client.
/// Calls on the default route pass unchanged.
/// </summary>
public sealed class RouteStampingChatClient : DelegatingChatClient
{
    /// <summary>Additional property of <see cref="ChatOptions"/>: the provider kind (openai, anthropic, ...) of the call's route.</summary>
    public const string ProviderKey = "datagen.provider";

    /// <summary>Additional property of <see cref="ChatOptions"/>: the name of the call's route (a key of <c>providers</c>).</summary>
    public const string RouteKey = "datagen.route";

    private readonly ProviderRoutes _routes;

    public RouteStampingChatClient(IChatClient inner, ProviderRoutes routes)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _routes = routes;
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Stamp(_routes.For(ModelCallContext.Step), options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Stamp(_routes.For(ModelCallContext.Step), options), cancellationToken);

    /// <summary>The options of a call on <paramref name="route"/>: unchanged on the default route, else a copy with its model and names.</summary>
    public static ChatOptions? Stamp(ProviderRoute route, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.IsDefault)
        {
            return options;
        }

        var stamped = options?.Clone() ?? new ChatOptions();
        stamped.ModelId = route.Model;
        stamped.AdditionalProperties = stamped.AdditionalProperties is { } existing ? new AdditionalPropertiesDictionary(existing) : [];
        stamped.AdditionalProperties[ProviderKey] = route.Provider.Name;
        stamped.AdditionalProperties[RouteKey] = route.Name;
        return stamped;
    }

    /// <summary>The options without the routing properties, as a provider's own client should see them.</summary>
    internal static ChatOptions? Unstamped(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.ContainsKey(RouteKey))
        {
            return options;
        }

        var clean = options.Clone();
        clean.AdditionalProperties = new AdditionalPropertiesDictionary(properties.Where(p => p.Key is not (ProviderKey or RouteKey)));
        if (clean.AdditionalProperties.Count == 0)
        {
            clean.AdditionalProperties = null;
        }

        return clean;
    }
}
