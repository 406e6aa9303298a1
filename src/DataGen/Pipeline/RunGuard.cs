using DataGen.Configuration;

namespace DataGen.Pipeline;

/// <summary>
/// Stops a run early and cleanly: when the share of failed samples over the last <c>failureWindow</c> passes
/// <c>maxFailureRate</c> (a broken prompt, a wrong key), when the money spent reaches <c>maxCost</c>, or when the
/// provider stays rate-limited too long. The first reason wins; it cancels <see cref="Stopping"/> and becomes the
/// manifest's status and error.
/// </summary>
public sealed class RunGuard : IDisposable
{
    /// <summary>Status when the cost cap was reached.</summary>
    public const string BudgetExceeded = "budget_exceeded";

    /// <summary>Status when the failure rate passed its bound.</summary>
    public const string FailureRate = "failure_rate";

    /// <summary>Status when the provider stayed rate-limited too long.</summary>
    public const string Paused = "paused";

    private readonly BudgetOptions _options;
    private readonly CancellationTokenSource _stop;
    private readonly bool[] _window;
    private readonly Lock _lock = new();
    private int _next;
    private int _filled;
    private int _failures;
    private long _samples;
    private long _errors;
    private string? _status;
    private string? _message;
    private readonly IRunTally? _shared;
    private RunTotals _own;

    /// <param name="options">The caps.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="shared">
    /// For one task of a sharded run: what the run's other tasks spent and how their samples fared, so <c>maxCost</c>
    /// and <c>maxFailureRate</c> hold for the whole run; this guard records its own totals there. A run whose budget
    /// is already spent stops at once.
    /// </param>
    public RunGuard(BudgetOptions options, CancellationToken cancellationToken, IRunTally? shared = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _window = new bool[options.FailureWindow];
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _shared = shared;
        if (shared is not null)
        {
            CheckCost(0);
        }
    }

    /// <summary>Cancelled by Ctrl+C or by a guard tripping.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>The status a guard set, or null (Ctrl+C, or still running).</summary>
    public string? Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    public string? Message
    {
        get
        {
            lock (_lock)
            {
                return _message;
            }
        }
    }

    /// <summary>
    /// Counts one finished sample; trips when the window is full and its failure share passes the bound.
    /// <paramref name="error"/>: it was dropped as <c>error</c> (the call failed after every retry), counted for
    /// <see cref="ErrorShareExceeded"/>.
    /// </summary>
    public void RecordSample(bool failed, bool error = false)
    {
        lock (_lock)
        {
            _samples++;
            _errors += error ? 1 : 0;
            if (_filled == _window.Length && _window[_next])
            {
                _failures--;
            }

            _window[_next] = failed;
            _failures += failed ? 1 : 0;
            _next = (_next + 1) % _window.Length;
            _filled = Math.Min(_filled + 1, _window.Length);
            if (_filled == _window.Length && (double)_failures / _window.Length > _options.MaxFailureRate)
            {
                Trip(FailureRate, $"{_failures} of the last {_window.Length} samples failed (budget.maxFailureRate {_options.MaxFailureRate:0.##}); stopping early: check the prompts, the key and the endpoint in the log");
            }

            _own = _own with { Samples = _own.Samples + 1, Failures = _own.Failures + (failed ? 1 : 0) };
        }

        if (_shared is null)
        {
            return;
        }

        // A sharded run: tasks smaller than the window would never fill one, so the run's samples count together.
        RunTotals run;
        lock (_lock)
        {
            _shared.Record(_own);
            run = _own + _shared.Elsewhere();
        }

        if (run.Samples >= _window.Length && (double)run.Failures / run.Samples > _options.MaxFailureRate)
        {
            Trip(FailureRate, $"{run.Failures} of the run's {run.Samples} samples failed across its tasks (budget.maxFailureRate {_options.MaxFailureRate:0.##}); stopping early: check the prompts, the key and the endpoint in the log");
        }
    }

    /// <summary>
    /// At the end of a run: a message when more than <c>budget.maxErrorShare</c> of the samples were dropped as
    /// <c>error</c>, so the run does not report <c>completed</c>; null otherwise.
    /// </summary>
    public string? ErrorShareExceeded()
    {
        lock (_lock)
        {
            return _errors > 0 && (double)_errors / _samples > _options.MaxErrorShare
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{_errors} of {_samples} samples failed after every retry (reason error; budget.maxErrorShare {_options.MaxErrorShare:0.###}): the provider or the network kept failing; run again to resume them")
                : null;
        }
    }

    /// <summary>Trips when this run's spend (this process's <paramref name="spent"/> plus other tasks') reaches <c>maxCost</c>.</summary>
    public void CheckCost(decimal spent)
    {
        if (_shared is not null)
        {
            lock (_lock)
            {
                _own = _own with { Spent = spent };
                _shared.Record(_own);
                spent += _shared.Elsewhere().Spent;
            }
        }

        if (_options.MaxCost is { } cap && spent >= cap)
        {
            Trip(BudgetExceeded, $"cost cap reached: spent {spent:0.####} of budget.maxCost {cap:0.####}; completed calls are stored, raise the cap and run again to resume");
        }
    }

    /// <summary>Stops the run with <paramref name="status"/>; later trips are ignored.</summary>
    public void Trip(string status, string message)
    {
        lock (_lock)
        {
            if (_status is not null || _stop.IsCancellationRequested)
            {
                return;
            }

            _status = status;
            _message = message;
        }

        _stop.Cancel();
    }

    public void Dispose() => _stop.Dispose();
}
