using System.Text.Json.Serialization;

namespace DataGen.Configuration;

/// <summary>One endpoint serving the provider's model: a replica or a second key. Limits default to the provider's.</summary>
public sealed record EndpointOptions
{
    /// <summary>Label in logs and the manifest; defaults to the URL's host and port.</summary>
    public string? Name { get; init; }

    public required Uri Url { get; init; }

    /// <summary>Environment variable holding this endpoint's key; null uses the provider's.</summary>
    public string? ApiKeyEnv { get; init; }

    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    /// <summary>The label actually used.</summary>
    [JsonIgnore]
    public string Label => Name ?? $"{Url.Host}:{Url.Port}";
}
