using Microsoft.Extensions.AI;

namespace DataGen.Providers.Batching;

/// <summary>One request of a batch: its id (the response-store key, so a restarted run finds it again) and what to send.</summary>
public sealed record BatchRequest(string CustomId, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options);

/// <summary>What a batch said about one request: a response, or an error and whether submitting it again may help.</summary>
public sealed record BatchItemResult(string CustomId, ChatResponse? Response, string? Error, bool Retry);

/// <summary>A polled batch: still running, or ended with a result per request it has one for (missing ones are retried).</summary>
public sealed record BatchStatus(bool Ended, string State, IReadOnlyList<BatchItemResult> Results);

/// <summary>
/// One provider's batch API. Failure contract: a transport fault or non-success status throws; a request the batch
/// failed or did not process is a <see cref="BatchItemResult"/>, never an exception.
/// </summary>
public interface IBatchApi
{
    /// <summary>openai or anthropic: labels the endpoint in the ledger and the journal.</summary>
    string Name { get; }

    /// <summary>Submits the requests as one batch and returns its id.</summary>
    Task<string> SubmitAsync(IReadOnlyList<BatchRequest> requests, CancellationToken cancellationToken);

    /// <summary>The batch's state, with every request's result once it has ended.</summary>
    Task<BatchStatus> PollAsync(string batchId, CancellationToken cancellationToken);
}

/// <summary>A request its batch answered with an error that submitting again would not fix; the sample is rejected with it.</summary>
public sealed class BatchRequestException : Exception
{
    public BatchRequestException(string message)
        : base(message)
    {
    }

    public BatchRequestException()
    {
    }

    public BatchRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
