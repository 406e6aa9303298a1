namespace DataGen.Generation.Recipes;

/// <summary>Tokens and calls of a seed source's plan steps; safe to add to from concurrent list calls.</summary>
internal sealed class PlanTally
{
    private long _input;
    private long _output;
    private int _calls;

    public TokenUsage Usage => new(Interlocked.Read(ref _input), Interlocked.Read(ref _output));

    public int Calls => Volatile.Read(ref _calls);

    public void Add(ListOutcome outcome)
    {
        Interlocked.Add(ref _input, outcome.Usage.Input);
        Interlocked.Add(ref _output, outcome.Usage.Output);
        Interlocked.Add(ref _calls, outcome.Calls);
    }
}
