namespace DataGen.Pipeline;

/// <summary>
/// Whether a kind kept a row built from simulated replies in a run whose provider is not the simulator (a real
/// provider's client against <c>simulate-server</c>); the manifest then says simulated. Safe from concurrent stages.
/// Tokens are not counted here: the usage ledger is their one count.
/// </summary>
internal sealed class SimulatedRows
{
    private int _seen;

    public bool Seen => Volatile.Read(ref _seen) == 1;

    public void Mark() => Volatile.Write(ref _seen, 1);
}
