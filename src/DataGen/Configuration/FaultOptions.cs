namespace DataGen.Configuration;

/// <summary>Faults the simulator injects, each a probability per request.</summary>
public sealed record FaultOptions
{
    /// <summary>429 with a <c>Retry-After</c> header.</summary>
    public double Http429 { get; init; }

    public double Http500 { get; init; }

    /// <summary>503 with a <c>Retry-After</c> header.</summary>
    public double Http503 { get; init; }

    /// <summary>The request hangs until the client gives up.</summary>
    public double Timeout { get; init; }

    /// <summary>The connection is aborted without a response.</summary>
    public double ConnectionReset { get; init; }

    /// <summary>The response body is cut off mid-JSON.</summary>
    public double Truncated { get; init; }

    /// <summary>A well-formed response whose content is garbage (the generator's re-ask handles it).</summary>
    public double Malformed { get; init; }

    /// <summary>Seconds named by <c>Retry-After</c> on 429 and 503.</summary>
    public double RetryAfterSeconds { get; init; } = 1;

    /// <summary>The sum of all rates.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Total => Http429 + Http500 + Http503 + Timeout + ConnectionReset + Truncated + Malformed;
}
