using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataGen.Quality;

/// <summary>
/// A pair of <see cref="System.Diagnostics.Metrics"/> counters on one meter: how many items reached each named part of
/// a stage (a check, a cascade step) and the seconds spent there, both tagged with the part's name. Free when nothing
/// listens; <c>datagen bench</c> listens and prints the breakdown per sample.
/// </summary>
public sealed class StepTimings
{
    private readonly string _tag;

    /// <param name="meter">The stage's meter.</param>
    /// <param name="prefix">Instrument name prefix, e.g. <c>datagen.checks</c>.</param>
    /// <param name="tag">The tag carrying the part's name (<c>check</c>, <c>step</c>).</param>
    /// <param name="items">What is counted, plural (<c>samples</c>, <c>texts</c>): the count instrument's name and unit.</param>
    /// <param name="what">The parts, for the descriptions ("each heuristic check").</param>
    public StepTimings(Meter meter, string prefix, string tag, string items, string what)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _tag = tag;
        Items = meter.CreateCounter<long>($"{prefix}.{items}", $"{{{items.TrimEnd('s')}}}", $"{char.ToUpperInvariant(items[0])}{items[1..]} that reached {what}.");
        Seconds = meter.CreateCounter<double>($"{prefix}.seconds", "s", $"Time spent in {what}.");
    }

    /// <summary>Items that reached each part (tagged).</summary>
    public Counter<long> Items { get; }

    /// <summary>Seconds spent in each part (tagged).</summary>
    public Counter<double> Seconds { get; }

    /// <summary>Whether anything listens, so a caller can skip taking timestamps when nothing does.</summary>
    public bool Enabled => Items.Enabled || Seconds.Enabled;

    /// <summary>Counts one item at <paramref name="part"/> and the time since <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Record(string part, long started)
    {
        if (!Enabled)
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>(_tag, part);
        Items.Add(1, tag);
        Seconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
    }
}
