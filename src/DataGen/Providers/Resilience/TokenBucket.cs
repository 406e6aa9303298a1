namespace DataGen.Providers.Resilience;

/// <summary>
/// A per-minute allowance refilled continuously, on an injected <see cref="TimeProvider"/>. A request larger than the
/// whole allowance waits for a full bucket and then overdraws it, so it is slowed, never refused.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _perSecond;
    private double _available;
    private long _stamp;

    public TokenBucket(double perMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(perMinute, 0);
        _time = time;
        _capacity = perMinute;
        _perSecond = perMinute / 60.0;
        _available = perMinute;
        _stamp = time.GetTimestamp();
    }

    public async Task TakeAsync(double amount, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                _available = Math.Min(_capacity, _available + (_time.GetElapsedTime(_stamp, now).TotalSeconds * _perSecond));
                _stamp = now;
                var needed = Math.Min(amount, _capacity);
                if (_available >= needed)
                {
                    _available -= amount;
                    return;
                }

                wait = TimeSpan.FromSeconds((needed - _available) / _perSecond);
            }

            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, cancellationToken);
        }
    }
}
