using DataGen.Configuration;

namespace DataGen.Providers.Routing;

/// <summary>
/// Where one model call goes: the provider block's name (<see cref="ProviderRoutes.Default"/> for <c>provider</c>),
/// the block, and the model the call asks for.
/// </summary>
public sealed record ProviderRoute(string Name, ProviderOptions Provider, string Model)
{
    /// <summary>True for the <c>provider</c> block itself.</summary>
    public bool IsDefault => Name == ProviderRoutes.Default;

    /// <summary>JSON path of the block, for error messages: <c>$.provider</c> or <c>$.providers.NAME</c>.</summary>
    public string JsonPath => IsDefault ? "$.provider" : $"$.providers.{Name}";
}
