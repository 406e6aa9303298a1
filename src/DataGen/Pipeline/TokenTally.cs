using DataGen.Generation;
using DataGen.Output;

namespace DataGen.Pipeline;

/// <summary>Sums tokens and calls of one kind.</summary>
internal sealed class TokenTally
{
    private long _input;
    private long _output;
    private long _calls;
    private int _simulated;

    /// <summary>True once a row built from simulator replies was seen (the simulator behind an HTTP provider).</summary>
    public bool SawSimulated => Volatile.Read(ref _simulated) == 1;

    public void MarkSimulated() => Volatile.Write(ref _simulated, 1);

    public void Add(TokenUsage usage, int calls)
    {
        Interlocked.Add(ref _input, usage.Input);
        Interlocked.Add(ref _output, usage.Output);
        Interlocked.Add(ref _calls, calls);
    }

    public ManifestTokens ToManifest() => new(Interlocked.Read(ref _input), Interlocked.Read(ref _output), Interlocked.Read(ref _calls));
}
