using System.Globalization;
using DataGen.Pipeline;

namespace DataGen.Scale;

/// <summary>
/// Holds <c>budget.maxCost</c> across a sharded run's tasks: each attempt records what it has paid in a lease file
/// beside the commit records (<c>_work/leases/ATTEMPT.json</c>), and sees the cost of every committed task plus every
/// other attempt's lease. A lease stays after its attempt stops (the money was spent; a rerun replays those calls from
/// the task's store and does not pay again) and is ignored once its attempt has committed (the commit counts it).
/// Reads are reused for 200 ms, so the cap is crossed at most by the calls in flight meanwhile.
/// </summary>
internal sealed class BudgetLeases : IRunSpend
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);
    private readonly ScaleLayout _layout;
    private readonly string _attempt;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private decimal _recorded = -1;
    private decimal _elsewhere;
    private long _readAt;

    public BudgetLeases(ScaleLayout layout, string attempt, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _attempt = attempt;
        _time = time;
    }

    private string Folder => Path.Combine(_layout.Work, "leases");

    public void Record(decimal spent)
    {
        lock (_gate)
        {
            if (spent == _recorded)
            {
                return;
            }

            _recorded = spent;
            Directory.CreateDirectory(Folder);
            var file = Path.Combine(Folder, _attempt + ".json");
            var scratch = file + ".tmp";
            File.WriteAllText(scratch, spent.ToString(CultureInfo.InvariantCulture));
            File.Move(scratch, file, overwrite: true);
        }
    }

    public decimal Elsewhere()
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

    private decimal Read()
    {
        var committed = StageNames.All
            .Select(_layout.CommitFolder)
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.json"))
            .Select(CommitPublisher.Read)
            .OfType<CommitRecord>()
            .ToList();
        var spent = committed.Sum(c => c.Usage?.Total.Cost ?? 0);
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
                spent += decimal.Parse(File.ReadAllText(lease), NumberStyles.Number, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or FormatException)
            {
                // Why ignore: a lease is replaced by an atomic move, so a failed read is a lease removed meanwhile (with
                // its scratch folder); the next refresh reads what replaced it.
            }
        }

        return spent;
    }
}
