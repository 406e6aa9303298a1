using DataGen.Configuration;
using DataGen.Output;

namespace DataGen.Pipeline;

/// <summary>
/// Plans exact-N rounds and caps the kept rows at N. Without exact-N: one round of the requested count, no cap. With
/// it: the first round is N seeds, later rounds are sized from the yield so far (with 10% headroom), all within the
/// budget of N × <c>candidateFactor</c> seeds; rows kept beyond N (a round can overshoot) go to rejects as
/// <c>surplus</c> from stage <c>exact_n</c> (<see cref="Stages.ExactNStage"/>), last in seed order, so the result does not depend on timing.
/// </summary>
public sealed class ExactNTally
{
    private readonly bool _enabled;
    private readonly int _target;
    private readonly int _budget;
    private long _kept;

    public ExactNTally(ExactNOptions options, int target)
    {
        ArgumentNullException.ThrowIfNull(options);
        _enabled = options.Enabled;
        _target = target;
        _budget = options.Enabled ? (int)Math.Min(int.MaxValue, Math.Ceiling(target * options.CandidateFactor)) : target;
    }

    /// <summary>Seeds the kind may use: the requested count, or N × candidateFactor with exact-N.</summary>
    public int Budget => _budget;

    /// <summary>Seeds planned so far.</summary>
    public int Candidates { get; private set; }

    public long Kept => Interlocked.Read(ref _kept);

    /// <summary>Seeds in the next round; 0 when done.</summary>
    public int NextBatch()
    {
        var left = _budget - Candidates;
        if (left <= 0 || (Candidates > 0 && (!_enabled || Kept >= _target)))
        {
            return 0;
        }

        if (Candidates == 0)
        {
            return Math.Min(_target, left);
        }

        var yield = Math.Max(0.05, (double)Kept / Candidates);
        return (int)Math.Min(left, Math.Ceiling((_target - Kept) / yield * 1.1));
    }

    public void Planned(int seeds) => Candidates += seeds;

    /// <summary>Counts one more kept row when fewer than N are kept (always, without exact-N); false means surplus.</summary>
    public bool TryKeep()
    {
        if (_enabled && Kept >= _target)
        {
            return false;
        }

        Interlocked.Increment(ref _kept);
        return true;
    }

    /// <summary>Records that a sharded run planned the whole candidate budget at once.</summary>
    public void PlannedAll() => Candidates = _budget;

    public ManifestExactN ToManifest() =>
        new(_target, Kept, Candidates, _budget, Kept >= _target ? "reached" : "budget_spent");
}
