namespace DataGen.Pipeline;

/// <summary>Money paid, samples generated and samples failed (reason <c>error</c> or <c>unparseable</c>) so far.</summary>
public readonly record struct RunTotals(decimal Spent, long Samples, long Failures)
{
    public static RunTotals operator +(RunTotals a, RunTotals b) => new(a.Spent + b.Spent, a.Samples + b.Samples, a.Failures + b.Failures);

    public static RunTotals Add(RunTotals a, RunTotals b) => a + b;
}
