namespace DataGen.Reporting;

/// <summary>Judge keep decision × reviewer verdict for one group of rows, with Cohen's kappa (see <see cref="JudgeAgreement"/>).</summary>
public sealed record AgreementTable
{
    /// <summary><c>all</c>, <c>kind &lt;name&gt;</c> or <c>gate &lt;stage&gt;</c>.</summary>
    public required string Group { get; init; }

    public required int BothKeep { get; init; }

    public required int JudgeKeepHumanDrop { get; init; }

    public required int JudgeDropHumanKeep { get; init; }

    public required int BothDrop { get; init; }

    public int Count => BothKeep + JudgeKeepHumanDrop + JudgeDropHumanKeep + BothDrop;

    /// <summary>Share of rows where judge and reviewer agree.</summary>
    public required double ObservedAgreement { get; init; }

    /// <summary>Cohen's kappa; null when undefined (every row got the same decision from both).</summary>
    public required double? Kappa { get; init; }

    /// <summary>95% interval of kappa; null with it.</summary>
    public required (double Low, double High)? Interval { get; init; }

    /// <summary>Keys of the rows where judge and reviewer disagree.</summary>
    public required IReadOnlyList<string> Disagreements { get; init; }
}
