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
}
