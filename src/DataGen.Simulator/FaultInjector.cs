using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using DataGen.Configuration;
using Microsoft.Extensions.AI;

namespace DataGen.Simulator;

/// <summary>
/// Decides, per request and attempt, which fault the simulator injects and how long it takes to answer. Draws are a
/// pure function of the request's content and how often that same request was seen, so a run is reproducible at any
/// concurrency, and a retry of a faulted request draws afresh.
/// </summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<ulong, int> _attempts = new();

    public FaultInjector(FaultOptions faults, LatencyOptions latency)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(latency);
        if (faults.Total > 1)
        {
            throw new ArgumentException("simulator.faults: the rates add up to more than 1", nameof(faults));
        }

        Faults = faults;
        Latency = latency;
    }

    public FaultOptions Faults { get; }

    public LatencyOptions Latency { get; }

    /// <summary>Seconds sent in <c>Retry-After</c> on 429 and 503.</summary>
    public TimeSpan RetryAfter => TimeSpan.FromSeconds(Faults.RetryAfterSeconds);

    /// <summary>A stable hash of a request's content.</summary>
    public static ulong Hash(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // Incremental over the UTF-16 text as it is: no joined copy of a prompt that may be tens of kilobytes.
        var hash = new XxHash64();
        foreach (var message in messages)
        {
            Append(hash, message.Role.Value);
            Append(hash, "\u0001");
            Append(hash, message.Text);
            Append(hash, "\u0002");
        }

        Append(hash, options?.Seed?.ToString(CultureInfo.InvariantCulture));
        Append(hash, "\u0003");
        Append(hash, options?.ModelId);
        return hash.GetCurrentHashAsUInt64();

        static void Append(XxHash64 hash, string? text) => hash.Append(MemoryMarshal.AsBytes((text ?? string.Empty).AsSpan()));
    }

    /// <summary>The fault and latency for this request; every call counts as one attempt of it.</summary>
    public (SimulatedFault Fault, TimeSpan Latency) Next(ulong requestHash)
    {
        var attempt = Faults.Total > 0 ? _attempts.AddOrUpdate(requestHash, 0, (_, n) => n + 1) : 0;
        var rng = new SplitMix64(requestHash ^ (0xFA17UL + ((ulong)attempt * 0x9E3779B97F4A7C15UL)));
        var latency = DrawLatency(ref rng);
        var u = rng.NextDouble();
        foreach (var (fault, rate) in Rates())
        {
            if (u < rate)
            {
                return (fault, latency);
            }

            u -= rate;
        }

        return (SimulatedFault.None, latency);
    }

    /// <summary>Content that fits no format: a broken reply for the generator to re-ask.</summary>
    public static string MalformedText => "<<simulated malformed output: ####  {\"unterminated\": [ >>";

    private IEnumerable<(SimulatedFault, double)> Rates()
    {
        yield return (SimulatedFault.Http429, Faults.Http429);
        yield return (SimulatedFault.Http500, Faults.Http500);
        yield return (SimulatedFault.Http503, Faults.Http503);
        yield return (SimulatedFault.Timeout, Faults.Timeout);
        yield return (SimulatedFault.ConnectionReset, Faults.ConnectionReset);
        yield return (SimulatedFault.Truncated, Faults.Truncated);
        yield return (SimulatedFault.Malformed, Faults.Malformed);
    }

    private TimeSpan DrawLatency(ref SplitMix64 rng)
    {
        var mean = Latency.MeanMs;
        if (mean <= 0)
        {
            return TimeSpan.Zero;
        }

        var ms = Latency.Distribution switch
        {
            "uniform" => rng.NextDouble() * 2 * mean,
            "lognormal" => LogNormal(ref rng, mean, Latency.Sigma),
            _ => mean,
        };
        return TimeSpan.FromMilliseconds(ms);
    }

    private static double LogNormal(ref SplitMix64 rng, double mean, double sigma)
    {
        // Box-Muller; mu chosen so the distribution's mean is the configured mean.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var mu = Math.Log(mean) - (sigma * sigma / 2);
        return Math.Exp(mu + (sigma * z));
    }
}
