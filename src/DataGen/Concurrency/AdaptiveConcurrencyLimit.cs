namespace DataGen.Concurrency;

/// <summary>
/// A gate whose limit adapts to rate limiting (additive increase, multiplicative decrease). Only a rate-limit signal
/// (429) shrinks it, by <see cref="DecreaseFactor"/>, and at most once per window: a 429 to a call that was let in
/// before the last decrease, or within <see cref="DecreaseWindow"/> of it, is the same congestion already answered,
/// so it does not shrink the limit again. Failures (5xx, timeouts, resets) never move the limit. Every
/// <see cref="IncreaseAfter"/> successes add <see cref="IncreaseStep"/>; the limit stays between
/// <see cref="Minimum"/> and the ceiling. Waiters are served first in, first out.
/// </summary>
public sealed class AdaptiveConcurrencyLimit
{
    /// <summary>Factor applied to the limit on a rate-limit signal.</summary>
    public const double DecreaseFactor = 0.75;

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly int _ceiling;
    private readonly bool _adaptive;
    private readonly TimeProvider _time;
    private double _limit;
    private int _lowest;
    private int _inFlight;
    private int _successes;
    private long _epoch;
    private long _lastDecrease = long.MinValue;
    private long _decreases;

    /// <param name="ceiling">The most calls in flight (<c>provider.concurrency</c>).</param>
    /// <param name="adaptive">False keeps the limit at the ceiling.</param>
    /// <param name="minimum">The floor of the limit; null: a quarter of the ceiling, at least one.</param>
    /// <param name="time">Clock of the decrease window.</param>
    public AdaptiveConcurrencyLimit(int ceiling, bool adaptive, int? minimum = null, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, 1);
        _ceiling = ceiling;
        _adaptive = adaptive;
        _time = time ?? TimeProvider.System;
        Minimum = Math.Clamp(minimum ?? (ceiling + 3) / 4, 1, ceiling);
        _limit = ceiling;
        _lowest = ceiling;
    }

    /// <summary>The floor of the limit.</summary>
    public int Minimum { get; }

    /// <summary>Successes (since the last step or decrease) that grow the limit by <see cref="IncreaseStep"/>.</summary>
    public int IncreaseAfter { get; init; } = 10;

    /// <summary>How much the limit grows per <see cref="IncreaseAfter"/> successes: 1/32 of the ceiling, at least one.</summary>
    public int IncreaseStep => Math.Max(1, _ceiling / 32);

    /// <summary>Shortest time between two decreases.</summary>
    public TimeSpan DecreaseWindow { get; init; } = TimeSpan.FromSeconds(5);

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

    /// <summary>The lowest the limit has been.</summary>
    public int Lowest
    {
        get
        {
            lock (_lock)
            {
                return _lowest;
            }
        }
    }

    /// <summary>How many times a rate-limit signal shrank the limit.</summary>
    public long Decreases => Interlocked.Read(ref _decreases);

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
    public async ValueTask<Releaser> AcquireAsync(CancellationToken cancellationToken) =>
        await TryAcquireAsync(Timeout.InfiniteTimeSpan, cancellationToken) ?? throw new InvalidOperationException("an unbounded wait timed out");

    /// <summary>Waits up to <paramref name="timeout"/> for a slot; null when none came free in time (nothing is held then).</summary>
    public async ValueTask<Releaser?> TryAcquireAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_inFlight < (int)_limit && _waiters.Count == 0)
            {
                _inFlight++;
                return new Releaser(this, _epoch);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        try
        {
            await (timeout == Timeout.InfiniteTimeSpan ? waiter.Task.WaitAsync(cancellationToken) : waiter.Task.WaitAsync(timeout, _time, cancellationToken));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            lock (_lock)
            {
                if (waiter.Task.IsCompletedSuccessfully)
                {
                    if (ex is TimeoutException)
                    {
                        // Granted just as the wait ran out: keep the slot.
                        return new Releaser(this, _epoch);
                    }

                    // Granted just as we were cancelled: hand the slot on.
                    _inFlight--;
                    Pump();
                }
                else
                {
                    // A cancelled waiter stays queued but cannot be granted: Pump skips it.
                    waiter.TrySetCanceled(CancellationToken.None);
                }
            }

            if (ex is TimeoutException)
            {
                return null;
            }

            throw;
        }

        lock (_lock)
        {
            return new Releaser(this, _epoch);
        }
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
                _limit = Math.Min(_ceiling, Math.Floor(_limit) + IncreaseStep);
                Pump();
            }
        }
    }

    /// <summary>The provider said "too many requests" to a call let in now.</summary>
    public bool OnRateLimited()
    {
        long epoch;
        lock (_lock)
        {
            epoch = _epoch;
        }

        return OnRateLimited(epoch);
    }

    /// <summary>
    /// The provider said "too many requests" to a call let in at <paramref name="epoch"/> (its
    /// <see cref="Releaser.Epoch"/>). True when this shrank the limit; false when the signal was absorbed by a recent
    /// decrease (or adaptation is off).
    /// </summary>
    public bool OnRateLimited(long epoch)
    {
        if (!_adaptive)
        {
            return false;
        }

        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (epoch < _epoch || (_lastDecrease != long.MinValue && _time.GetElapsedTime(_lastDecrease, now) < DecreaseWindow))
            {
                return false;
            }

            _successes = 0;
            _epoch++;
            _lastDecrease = now;
            _decreases++;
            _limit = Math.Max(Minimum, _limit * DecreaseFactor);
            _lowest = Math.Min(_lowest, (int)_limit);
            return true;
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

    /// <summary>Gives a slot back on dispose; <see cref="Epoch"/> says which decrease it was let in after.</summary>
    public readonly struct Releaser(AdaptiveConcurrencyLimit owner, long epoch) : IDisposable
    {
        /// <summary>Decreases before this slot was granted.</summary>
        public long Epoch => epoch;

        public void Dispose() => owner?.Release();
    }
}
