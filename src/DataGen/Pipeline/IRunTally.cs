namespace DataGen.Pipeline;

/// <summary>
/// What a run's other processes spent and how their samples fared, for a <see cref="RunGuard"/> whose caps must hold
/// for the whole run (the tasks of a sharded run), and where this process records its own. Implementations are
/// thread-safe; <see cref="Elsewhere"/> may lag the other processes by a moment, so a run can pass its cost cap by the
/// calls in flight when the cap is reached.
/// </summary>
public interface IRunTally
{
    /// <summary>Records this process's totals so far in the run.</summary>
    void Record(RunTotals own);

    /// <summary>The totals of the run's other processes: committed tasks, and tasks still running or stopped.</summary>
    RunTotals Elsewhere();
}
