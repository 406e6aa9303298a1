using System.Collections.Concurrent;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Store;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Providers.Batching;

/// <summary>
/// A provider's client in batch mode: it gathers the requests the executor has in flight, per recipe step
/// (<see cref="ModelCallContext.Step"/>), and submits each step's as one batch once no new one has arrived for
/// <see cref="BatchOptions.GatherSeconds"/>. Why this design: a step's requests are independent and the next step's
/// wait on them, so whatever the executor holds in flight at a step is exactly what may go together; the executors and
/// the pipeline stay as they are, and the response store above records each answer as for any call. A batch's id is
/// written to the <see cref="BatchJournal"/> the moment the API returns it; a request of a journalled batch (a killed
/// or restarted run) waits on that batch instead of being submitted again. Polls back off from
/// <see cref="BatchOptions.PollSeconds"/>. A request that failed transiently or expired is submitted again, up to
/// <see cref="BatchOptions.MaxResubmits"/> times; any other per-request error fails that call with a
/// <see cref="BatchRequestException"/> (the sample becomes a reject with the reason). Responses carry
/// <see cref="BatchKey"/> so the usage ledger prices them at the batch discount.
/// </summary>
public sealed class BatchingChatClient : IChatClient
{
    /// <summary>Additional property set to true on responses that came through a batch API.</summary>
    public const string BatchKey = "datagen.batch";

    private readonly IBatchApi _api;
    private readonly BatchJournal _journal;
    private readonly string _provider;
    private readonly string _model;
    private readonly BatchOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _endpoint;
    private readonly CancellationTokenSource _life = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource<ChatResponse>> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BatchRequest> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BatchItemResult> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _submissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BatchRequest>> _gathering = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _polling = new(StringComparer.Ordinal);
    private long _submitted;

    public BatchingChatClient(IBatchApi api, BatchJournal journal, string provider, string model, string endpoint, BatchOptions options, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _journal = journal;
        _provider = provider;
        _model = model;
        _endpoint = endpoint;
        _options = options;
        _logger = logger;
        _time = time;
    }

    /// <summary>Batches this client submitted (resubmissions included).</summary>
    public long BatchesSubmitted => Interlocked.Read(ref _submitted);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var id = RequestKey.Compute(_provider, _model, list, options);
        TaskCompletionSource<ChatResponse> waiter;
        string? journalled = null;
        var fresh = false;
        lock (_lock)
        {
            if (!_waiting.TryGetValue(id, out waiter!))
            {
                waiter = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[id] = waiter;
                _requests[id] = new BatchRequest(id, list, options);
                if (_ready.Remove(id, out var result))
                {
                    Settle(result);
                }
                else if ((journalled = _journal.BatchOf(id)) is null)
                {
                    fresh = true;
                }
            }
        }

        if (journalled is not null)
        {
            EnsurePolling(journalled);
        }
        else if (fresh)
        {
            Gather(ModelCallContext.Step ?? "unknown", _requests[id]);
        }

        return await waiter.Task.WaitAsync(cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("batch APIs answer whole responses only");

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        _life.Cancel();
        _life.Dispose();
    }

    private void Gather(string step, BatchRequest request)
    {
        lock (_lock)
        {
            if (_gathering.TryGetValue(step, out var group))
            {
                group.Add(request);
                return;
            }

            _gathering[step] = [request];
        }

        _ = FlushWhenQuietAsync(step);
    }

    private async Task FlushWhenQuietAsync(string step)
    {
        var quiet = TimeSpan.FromSeconds(_options.GatherSeconds);
        List<BatchRequest> group;
        try
        {
            while (true)
            {
                int before;
                lock (_lock)
                {
                    before = _gathering[step].Count;
                }

                await Task.Delay(quiet, _time, _life.Token);
                lock (_lock)
                {
                    var now = _gathering[step].Count;
                    if (now == before || now >= _options.MaxRequests)
                    {
                        group = _gathering[step];
                        _gathering.Remove(step);
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        foreach (var chunk in group.Chunk(Math.Max(1, _options.MaxRequests)))
        {
            await SubmitAsync(step, chunk);
        }
    }

    private async Task SubmitAsync(string step, IReadOnlyList<BatchRequest> requests)
    {
        string id;
        try
        {
            id = await WithRetriesAsync(ct => _api.SubmitAsync(requests, ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_life.IsCancellationRequested)
        {
            // Why catch everything: a batch that cannot be submitted fails its requests (each becomes a reject), not the run.
            _logger.LogWarning(ex, "Submitting a batch of {Count} requests for {Step} failed: {Reason}", requests.Count, step, ex.Message);
            lock (_lock)
            {
                foreach (var request in requests)
                {
                    Fail(request.CustomId, new BatchRequestException($"batch submission failed: {ex.Message}", ex));
                }
            }

            return;
        }

        // Persisted before anything else: a kill after this line resumes this batch rather than paying for it twice.
        _journal.Add(id, _api.Name, requests.Select(r => r.CustomId));
        Interlocked.Increment(ref _submitted);
        lock (_lock)
        {
            foreach (var request in requests)
            {
                _submissions[request.CustomId] = _submissions.GetValueOrDefault(request.CustomId) + 1;
            }
        }

        _logger.LogInformation("Submitted batch {BatchId} of {Count} requests for {Step} to {Provider}", id, requests.Count, step, _api.Name);
        EnsurePolling(id);
    }

    private void EnsurePolling(string batchId) => _polling.GetOrAdd(batchId, id => PollAsync(id));

    private async Task PollAsync(string batchId)
    {
        var delay = TimeSpan.FromSeconds(_options.PollSeconds);
        BatchStatus status;
        try
        {
            while (true)
            {
                status = await WithRetriesAsync(ct => _api.PollAsync(batchId, ct));
                if (status.Ended)
                {
                    break;
                }

                await Task.Delay(delay, _time, _life.Token);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, _options.MaxPollSeconds));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_life.IsCancellationRequested)
        {
            // Why catch everything: a batch that cannot be read fails the requests waiting on it, not the run.
            _logger.LogWarning(ex, "Polling batch {BatchId} failed: {Reason}", batchId, ex.Message);
            lock (_lock)
            {
                foreach (var id in _waiting.Keys.Where(k => _journal.BatchOf(k) == batchId).ToList())
                {
                    Fail(id, new BatchRequestException($"batch {batchId} could not be read: {ex.Message}", ex));
                }
            }

            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _logger.LogInformation("Batch {BatchId} ended ({State}) with {Count} results", batchId, status.State, status.Results.Count);
        var resubmit = new List<BatchRequest>();
        lock (_lock)
        {
            var answered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var result in status.Results)
            {
                answered.Add(result.CustomId);
                if (!_waiting.ContainsKey(result.CustomId))
                {
                    // Journalled from an earlier process; its caller has not asked again yet.
                    _ready[result.CustomId] = result;
                    continue;
                }

                if (result.Retry && _requests.TryGetValue(result.CustomId, out var request) && _submissions.GetValueOrDefault(result.CustomId) <= _options.MaxResubmits)
                {
                    resubmit.Add(request);
                    continue;
                }

                Settle(result);
            }

            // Requests the batch holds no result for (a batch failed or expired whole) are submitted again.
            foreach (var id in _waiting.Keys.Where(k => !answered.Contains(k) && _journal.BatchOf(k) == batchId).ToList())
            {
                if (_submissions.GetValueOrDefault(id) <= _options.MaxResubmits)
                {
                    resubmit.Add(_requests[id]);
                }
                else
                {
                    Fail(id, new BatchRequestException($"batch {batchId} ended {status.State} without a result for this request"));
                }
            }
        }

        if (resubmit.Count > 0)
        {
            _logger.LogInformation("Resubmitting {Count} requests of batch {BatchId} that failed transiently or expired", resubmit.Count, batchId);
            await SubmitAsync("resubmitted", resubmit);
        }
    }

    // Called under _lock.
    private void Settle(BatchItemResult result)
    {
        if (!_waiting.Remove(result.CustomId, out var waiter))
        {
            return;
        }

        _requests.Remove(result.CustomId);
        if (result.Response is { } response)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[BatchKey] = true;
            response.AdditionalProperties[RecordingChatClient.EndpointKey] = _endpoint;
            waiter.TrySetResult(response);
        }
        else
        {
            waiter.TrySetException(new BatchRequestException($"batch request failed: {result.Error}"));
        }
    }

    // Called under _lock.
    private void Fail(string customId, Exception error)
    {
        if (_waiting.Remove(customId, out var waiter))
        {
            _requests.Remove(customId);
            waiter.TrySetException(error);
        }
    }

    private async Task<T> WithRetriesAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(_life.Token);
            }
            catch (Exception ex) when (attempt < 5 && !_life.IsCancellationRequested && Resilience.TransientFaults.IsTransient(ex))
            {
                _logger.LogDebug("Batch API call failed transiently, attempt {Attempt}: {Reason}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 0.5 * Math.Pow(2, attempt))), _time, _life.Token);
            }
        }
    }
}
