using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace DataGen.Concurrency;

/// <summary>
/// The one place that runs work concurrently over an async stream. Stages never hand-roll channels or semaphores.
/// </summary>
public static class AsyncStreamConcurrency
{
    /// <summary>
    /// Maps <paramref name="source"/> through <paramref name="selector"/> with at most <paramref name="maxInFlight"/>
    /// calls running, yielding results in source order (so output never depends on completion order). Results wait
    /// in a bounded reorder window, so memory is bounded by the window, not the stream length. The first exception
    /// (other than cancellation) stops reading the source and is rethrown to the consumer after in-flight work ends.
    /// </summary>
    public static async IAsyncEnumerable<TOut> SelectConcurrentAsync<TIn, TOut>(
        this IAsyncEnumerable<TIn> source,
        int maxInFlight,
        Func<TIn, CancellationToken, Task<TOut>> selector,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        var window = Channel.CreateBounded<Task<TOut>>(new BoundedChannelOptions(maxInFlight * 2)
        {
            SingleReader = true,
            SingleWriter = true,
        });

        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(linked.Token))
                {
                    await slots.WaitAsync(linked.Token);
                    var task = RunAsync(item);
                    await window.Writer.WriteAsync(task, linked.Token);
                }

                window.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                // Why catch everything: the producer runs detached; its failure must reach the consumer through the channel.
                window.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);

        async Task<TOut> RunAsync(TIn item)
        {
            try
            {
                // On the thread pool: the selector's synchronous part (rendering, hashing, serialising the request)
                // must not run on the producer's thread, or it serialises every call's CPU work.
                return await Task.Run(() => selector(item, linked.Token), linked.Token);
            }
            finally
            {
                slots.Release();
            }
        }

        try
        {
            await foreach (var task in window.Reader.ReadAllAsync(CancellationToken.None))
            {
                TOut result;
                try
                {
                    result = await task;
                }
                catch
                {
                    await linked.CancelAsync();
                    throw;
                }

                yield return result;
            }

            await producer;
        }
        finally
        {
            await linked.CancelAsync();
            await DrainAsync(window.Reader, producer);
        }
    }

    private static async Task DrainAsync<T>(ChannelReader<Task<T>> reader, Task producer)
    {
        try
        {
            await producer;
        }
        catch (OperationCanceledException)
        {
            // Expected when the consumer stops early or is cancelled.
        }

        while (reader.TryRead(out var pending))
        {
            try
            {
                await pending;
            }
            catch (Exception)
            {
                // Why swallowed: the consumer has already stopped (or is rethrowing the first failure); later failures of
                // abandoned work have no one to report to and must not mask it.
            }
        }
    }
}
