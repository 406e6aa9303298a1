namespace DataGen.Pipeline;

/// <summary>
/// The money a run's other processes spent, for a <see cref="RunGuard"/> that must hold <c>budget.maxCost</c> for the
/// whole run (the tasks of a sharded run), and where this process records its own spend. Implementations are
/// thread-safe; <see cref="Elsewhere"/> may lag the other processes by a moment, so a run can pass its cap by the calls
/// in flight when the cap is reached.
/// </summary>
public interface IRunSpend
{
    /// <summary>Records what this process has paid so far in the run.</summary>
    void Record(decimal spent);

    /// <summary>What the run's other processes have paid: committed tasks and tasks still running or stopped.</summary>
    decimal Elsewhere();
}
