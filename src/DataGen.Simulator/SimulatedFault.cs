namespace DataGen.Simulator;

/// <summary>A fault the simulator injects into one request.</summary>
public enum SimulatedFault
{
    None,
    Http429,
    Http500,
    Http503,
    Timeout,
    ConnectionReset,
    Truncated,
    Malformed,
}
