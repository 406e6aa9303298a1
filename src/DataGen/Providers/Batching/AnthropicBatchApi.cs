using System.Text;
using System.Text.Json.Nodes;

namespace DataGen.Providers.Batching;

/// <summary>
/// Anthropic's Message Batches: <c>POST /v1/messages/batches</c> with every request's <c>params</c>, polled at
/// <c>GET /v1/messages/batches/{id}</c> until <c>processing_status</c> is <c>ended</c>, then the JSONL at
/// <c>results_url</c>. <c>succeeded</c> is a response; <c>expired</c>, <c>canceled</c> and errors of type
/// <c>api_error</c> or <c>overloaded_error</c> are retried; any other error is final.
/// </summary>
public sealed class AnthropicBatchApi(HttpClient http, Uri baseUrl, string apiKey, string model, int maxOutputTokens) : IBatchApi
{
    public string Name => "anthropic";

    public async Task<string> SubmitAsync(IReadOnlyList<BatchRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var body = new JsonObject
        {
            ["requests"] = new JsonArray([.. requests.Select(r => (JsonNode)new JsonObject
            {
                ["custom_id"] = r.CustomId,
                ["params"] = BatchJson.AnthropicParams(r, model, maxOutputTokens),
            })]),
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var batch = await SendAsync(HttpMethod.Post, new Uri(Base, "v1/messages/batches"), content, cancellationToken);
        return batch["id"]!.GetValue<string>();
    }

    public async Task<BatchStatus> PollAsync(string batchId, CancellationToken cancellationToken)
    {
        var batch = await SendAsync(HttpMethod.Get, new Uri(Base, $"v1/messages/batches/{Uri.EscapeDataString(batchId)}"), null, cancellationToken);
        var state = batch["processing_status"]?.GetValue<string>() ?? "unknown";
        if (state != "ended")
        {
            return new BatchStatus(false, state, []);
        }

        var results = new List<BatchItemResult>();
        if (batch["results_url"]?.GetValue<string>() is { Length: > 0 } url)
        {
            using var request = Request(HttpMethod.Get, new Uri(url));
            using var response = await http.SendAsync(request, cancellationToken);
            await OpenAIBatchApi.EnsureAsync(response, cancellationToken);
            foreach (var line in BatchJson.Lines(await response.Content.ReadAsStringAsync(cancellationToken)))
            {
                results.Add(Result(line));
            }
        }

        return new BatchStatus(true, state, results);
    }

    private static BatchItemResult Result(JsonNode line)
    {
        var id = line["custom_id"]!.GetValue<string>();
        var result = line["result"];
        var type = result?["type"]?.GetValue<string>();
        if (type == "succeeded" && result?["message"] is { } message)
        {
            return new BatchItemResult(id, BatchJson.FromAnthropic(message), null, false);
        }

        var error = result?["error"]?["error"] ?? result?["error"];
        var errorType = error?["type"]?.GetValue<string>();
        var retry = type is "expired" or "canceled" || errorType is "api_error" or "overloaded_error" or "rate_limit_error";
        return new BatchItemResult(id, null, $"{type} {errorType}: {error?["message"]?.GetValue<string>()}".Trim(), retry);
    }

    private Uri Base => new(baseUrl.ToString().TrimEnd('/') + "/");

    private HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("x-api-key", apiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, Uri uri, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = Request(method, uri);
        request.Content = content;
        using var response = await http.SendAsync(request, cancellationToken);
        await OpenAIBatchApi.EnsureAsync(response, cancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
    }
}
