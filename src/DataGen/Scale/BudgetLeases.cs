using System.Globalization;
using DataGen.Pipeline;
using DataGen.Pipeline.Stages;

namespace DataGen.Scale;

/// <summary>
/// Holds <c>budget.maxCost</c> and <c>budget.maxFailureRate</c> across a sharded run's tasks: each attempt records what
/// it has paid and how many samples it generated and lost to failures in a lease file beside the commit records
/// (<c>_work/leases/ATTEMPT.json</c>), and sees the totals of every committed task plus every other attempt's lease. A lease stays after its attempt stops (the money was spent; a rerun replays those calls from
/// the task's store and does not pay again) and is ignored once its attempt has committed (the commit counts it).
/// Reads are reused for 200 ms, so the cap is crossed at most by the calls in flight meanwhile.
/// </summary>
internal sealed class BudgetLeases : IRunTally
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);
    private readonly ScaleLayout _layout;
    private readonly string _attempt;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private RunTotals? _recorded;
    private RunTotals _elsewhere;
    private long _readAt;

    public BudgetLeases(ScaleLayout layout, string attempt, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _attempt = attempt;
        _time = time;
    }

    private string Folder => Path.Combine(_layout.Work, "leases");

    public void Record(RunTotals own)
    {
        lock (_gate)
        {
            if (own == _recorded)
            {
                return;
            }

            _recorded = own;
            Directory.CreateDirectory(Folder);
            var file = Path.Combine(Folder, _attempt + ".json");
            var scratch = file + ".tmp";
            File.WriteAllText(scratch, string.Create(CultureInfo.InvariantCulture, $"{own.Spent} {own.Samples} {own.Failures}"));
            File.Move(scratch, file, overwrite: true);
        }
    }

    public RunTotals Elsewhere()
    {
        lock (_gate)
        {
            if (_readAt != 0 && _time.GetElapsedTime(_readAt) < Refresh)
            {
                return _elsewhere;
            }

            _elsewhere = Read();
            _readAt = _time.GetTimestamp();
            return _elsewhere;
        }
    }

    /// <summary>Parses a lease file's text: spent, samples and failures.</summary>
    public static RunTotals Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ');
        return new RunTotals(
            decimal.Parse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private RunTotals Read()
    {
        var committed = StageNames.All
            .Select(_layout.CommitFolder)
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.json"))
            .Select(CommitPublisher.Read)
            .OfType<CommitRecord>()
            .ToList();
        var spent = committed.Select(Totals).Aggregate(default(RunTotals), RunTotals.Add);
        var done = committed.Select(c => c.Attempt).ToHashSet(StringComparer.Ordinal);
        if (!Directory.Exists(Folder))
        {
            return spent;
        }

        foreach (var lease in Directory.EnumerateFiles(Folder, "*.json"))
        {
            var attempt = Path.GetFileNameWithoutExtension(lease);
            if (attempt == _attempt || done.Contains(attempt))
            {
                continue;
            }

            try
            {
                spent += Parse(File.ReadAllText(lease));
            }
            catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
            {
                // Why ignore: a lease is replaced by an atomic move, so a failed read is a lease removed meanwhile (with
                // its scratch folder); the next refresh reads what replaced it.
            }
        }

        return spent;
    }

    private static RunTotals Totals(CommitRecord commit)
    {
        var generated = commit.Kinds.Values.SelectMany(k => k.Stages).Where(s => s.Stage == KindPipeline.GenerateStage).ToList();
        return new RunTotals(
            commit.Usage?.Total.Cost ?? 0,
            generated.Sum(s => s.Seen),
            generated.Sum(s => s.Dropped.GetValueOrDefault("error") + s.Dropped.GetValueOrDefault("unparseable")));
    }
}
