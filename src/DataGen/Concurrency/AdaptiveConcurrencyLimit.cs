namespace DataGen.Concurrency;

/// <summary>
/// A gate whose limit adapts (additive increase, multiplicative decrease): a rate-limit signal multiplies the limit
/// by <see cref="DecreaseFactor"/>, every <see cref="IncreaseAfter"/> successes add one, never above the ceiling
/// nor below one. Waiters are served first in, first out.
/// </summary>
public sealed class AdaptiveConcurrencyLimit
{
    /// <summary>Factor applied to the limit on a rate-limit signal.</summary>
    public const double DecreaseFactor = 0.75;

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly int _ceiling;
    private readonly bool _adaptive;
    private double _limit;
    private int _inFlight;
    private int _successes;

    public AdaptiveConcurrencyLimit(int ceiling, bool adaptive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, 1);
        _ceiling = ceiling;
        _adaptive = adaptive;
        _limit = ceiling;
    }

    /// <summary>Successes in a row that grow the limit by one.</summary>
    public int IncreaseAfter { get; init; } = 25;

    /// <summary>The current limit.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return (int)_limit;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async ValueTask<Releaser> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_inFlight < (int)_limit && _waiters.Count == 0)
            {
                _inFlight++;
                return new Releaser(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (waiter.Task.IsCompleted)
                {
                    // Granted just as we were cancelled: hand the slot on.
                    _inFlight--;
                    Pump();
                }
                else
                {
                    waiter.TrySetCanceled(cancellationToken);
                }
            }

            throw;
        }

        return new Releaser(this);
    }

    /// <summary>A call succeeded.</summary>
    public void OnSuccess()
    {
        if (!_adaptive)
        {
            return;
        }

        lock (_lock)
        {
            if (++_successes >= IncreaseAfter)
            {
                _successes = 0;
                _limit = Math.Min(_ceiling, Math.Floor(_limit) + 1);
                Pump();
            }
        }
    }

    /// <summary>The provider said "too many requests".</summary>
    public void OnRateLimited()
    {
        if (!_adaptive)
        {
            return;
        }

        lock (_lock)
        {
            _successes = 0;
            _limit = Math.Max(1, _limit * DecreaseFactor);
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            Pump();
        }
    }

    private void Pump()
    {
        while (_inFlight < (int)_limit && _waiters.TryDequeue(out var next))
        {
            if (next.TrySetResult())
            {
                _inFlight++;
            }
        }
    }

    /// <summary>Gives a slot back on dispose.</summary>
    public readonly struct Releaser(AdaptiveConcurrencyLimit owner) : IDisposable
    {
        public void Dispose() => owner?.Release();
    }
}
