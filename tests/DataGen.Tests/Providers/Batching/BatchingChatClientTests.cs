using DataGen.Configuration;
using DataGen.Providers.Batching;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Providers.Batching;

public sealed class BatchingChatClientTests
{
    private static readonly BatchOptions Fast = new() { Enabled = true, GatherSeconds = 0.05, PollSeconds = 0.05, MaxPollSeconds = 0.1, MaxResubmits = 1 };

    [Test]
    public async Task GetResponseAsync_RequestsInFlightTogether_GoInOneBatchAndAreAnsweredMarkedBatch()
    {
        var api = new ScriptedBatchApi(id => new BatchItemResult(id, new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer " + id[..6])), null, false));
        using var dir = new TempDirectory();
        using var client = Client(api, dir);

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.GetResponseAsync($"question {i}")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(api.Batches, Has.Count.EqualTo(1));
            Assert.That(api.Batches[0], Has.Count.EqualTo(5));
            Assert.That(replies.Select(r => r.Text), Is.All.StartWith("answer "));
            Assert.That(replies.Select(r => r.AdditionalProperties![BatchingChatClient.BatchKey]), Is.All.EqualTo(true));
        }
    }

    [Test]
    public async Task GetResponseAsync_RequestTheBatchRejects_FailsWithTheReasonAndIsNotResubmitted()
    {
        var api = new ScriptedBatchApi(id => new BatchItemResult(id, null, "HTTP 400 invalid_request_error: prompt is too long", false));
        using var dir = new TempDirectory();
        using var client = Client(api, dir);

        BatchRequestException? caught = null;
        try
        {
            await client.GetResponseAsync("too long");
        }
        catch (BatchRequestException ex)
        {
            caught = ex;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(caught?.Message, Does.Contain("prompt is too long"));
            Assert.That(api.Batches, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task GetResponseAsync_RequestJournalledByAnEarlierProcess_WaitsOnThatBatchWithoutSubmitting()
    {
        using var dir = new TempDirectory();
        var first = new ScriptedBatchApi(id => new BatchItemResult(id, new ChatResponse(new ChatMessage(ChatRole.Assistant, "from the first batch")), null, false)) { EndAfterPolls = int.MaxValue };
        using (var killed = Client(first, dir))
        {
            _ = killed.GetResponseAsync("the question");
            // The process "dies" once the batch id is journalled, which happens right after the API returns it.
            for (var i = 0; i < 200 && !(File.Exists(dir.Combine("batches.jsonl")) && new FileInfo(dir.Combine("batches.jsonl")).Length > 0); i++)
            {
                await Task.Delay(20);
            }
        }

        var second = new ScriptedBatchApi(id => throw new AssertionException("the second process must not submit")) { Known = first };
        using var resumed = Client(second, dir);

        var reply = await resumed.GetResponseAsync("the question");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Batches, Has.Count.EqualTo(1));
            Assert.That(second.Batches, Is.Empty);
            Assert.That(reply.Text, Is.EqualTo("from the first batch"));
        }
    }

    private static BatchingChatClient Client(IBatchApi api, TempDirectory dir) =>
        new(api, new BatchJournal(dir.Combine("batches.jsonl")), "openai", "m", "test batch", Fast, NullLogger.Instance, TimeProvider.System);

    /// <summary>A batch API whose batches end after a number of polls with the result the test scripts per request.</summary>
    private sealed class ScriptedBatchApi(Func<string, BatchItemResult> answer) : IBatchApi
    {
        private readonly Dictionary<string, List<string>> _ids = [];

        public List<List<string>> Batches { get; } = [];

        public int EndAfterPolls { get; init; } = 1;

        /// <summary>An earlier process's API whose batches this one can read (the same provider account).</summary>
        public ScriptedBatchApi? Known { get; init; }

        public string Name => "scripted";

        public Task<string> SubmitAsync(IReadOnlyList<BatchRequest> requests, CancellationToken cancellationToken)
        {
            lock (Batches)
            {
                Batches.Add([.. requests.Select(r => r.CustomId)]);
                var id = "b" + Batches.Count;
                _ids[id] = Batches[^1];
                return Task.FromResult(id);
            }
        }

        public Task<BatchStatus> PollAsync(string batchId, CancellationToken cancellationToken)
        {
            if (Known is not null)
            {
                var ids = Known._ids[batchId];
                return Task.FromResult(new BatchStatus(true, "completed", [.. ids.Select(Known.Answer)]));
            }

            return Task.FromResult(EndAfterPolls > 1_000_000
                ? new BatchStatus(false, "in_progress", [])
                : new BatchStatus(true, "completed", [.. _ids[batchId].Select(answer)]));
        }

        private BatchItemResult Answer(string id) => answer(id);
    }
}
