namespace DataGen.Configuration;

/// <summary>Guards that stop a run early and cleanly; a stopped run resumes from the response store.</summary>
public sealed record BudgetOptions
{
    /// <summary>Hard cap on money spent by this run (new calls only; replayed calls are free); null: no cap.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>Number of most recent samples the failure rate is measured over.</summary>
    public int FailureWindow { get; init; } = 200;

    /// <summary>Share of failed samples (error or unparseable) in a full window that stops the run.</summary>
    public double MaxFailureRate { get; init; } = 0.5;

    /// <summary>
    /// Share of generated samples dropped as <c>error</c> (the provider call failed after every retry) above which a run
    /// that reached its end reports <c>failure_rate</c> and exits non-zero instead of <c>completed</c>.
    /// </summary>
    public double MaxErrorShare { get; init; } = 0.02;
}
