using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace DataGen.Providers.Batching;

/// <summary>
/// OpenAI's Batch API: the requests are uploaded as a JSONL file (<c>POST /files</c>, purpose <c>batch</c>; the format
/// <c>vllm run-batch</c> reads), a batch is created over it (<c>POST /batches</c>, 24 h window) and polled
/// (<c>GET /batches/{id}</c>); once it ends its output and error files are read. A line with status 200 is a response;
/// 429, 5xx and <c>batch_expired</c> are retried; any other error is final.
/// </summary>
public sealed class OpenAIBatchApi(HttpClient http, Uri baseUrl, string? apiKey, string model) : IBatchApi
{
    public string Name => "openai";

    public async Task<string> SubmitAsync(IReadOnlyList<BatchRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var jsonl = new StringBuilder();
        foreach (var request in requests)
        {
            jsonl.Append(new JsonObject
            {
                ["custom_id"] = request.CustomId,
                ["method"] = "POST",
                ["url"] = "/v1/chat/completions",
                ["body"] = BatchJson.OpenAIBody(request, model),
            }.ToJsonString()).Append('\n');
        }

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("batch"), "purpose");
        var file = new StringContent(jsonl.ToString(), Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "requests.jsonl");
        var uploaded = await SendAsync(HttpMethod.Post, "files", form, cancellationToken);
        var fileId = uploaded["id"]!.GetValue<string>();
        using var create = new StringContent(new JsonObject
        {
            ["input_file_id"] = fileId,
            ["endpoint"] = "/v1/chat/completions",
            ["completion_window"] = "24h",
        }.ToJsonString(), Encoding.UTF8, "application/json");
        var batch = await SendAsync(HttpMethod.Post, "batches", create, cancellationToken);
        return batch["id"]!.GetValue<string>();
    }

    public async Task<BatchStatus> PollAsync(string batchId, CancellationToken cancellationToken)
    {
        var batch = await SendAsync(HttpMethod.Get, $"batches/{Uri.EscapeDataString(batchId)}", null, cancellationToken);
        var state = batch["status"]?.GetValue<string>() ?? "unknown";
        if (state is not ("completed" or "failed" or "expired" or "cancelled"))
        {
            return new BatchStatus(false, state, []);
        }

        var results = new List<BatchItemResult>();
        foreach (var key in new[] { "output_file_id", "error_file_id" })
        {
            if (batch[key]?.GetValue<string>() is not { Length: > 0 } fileId)
            {
                continue;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base, $"files/{Uri.EscapeDataString(fileId)}/content"));
            Authorize(request);
            using var response = await http.SendAsync(request, cancellationToken);
            await EnsureAsync(response, cancellationToken);
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
        var status = line["response"]?["status_code"]?.GetValue<int>() ?? 0;
        if (status == 200 && line["response"]?["body"] is { } body)
        {
            return new BatchItemResult(id, BatchJson.FromOpenAI(body), null, false);
        }

        var error = line["error"] ?? line["response"]?["body"]?["error"];
        var code = error?["code"]?.GetValue<string>() ?? error?["type"]?.GetValue<string>();
        var message = $"{(status == 0 ? string.Empty : $"HTTP {status} ")}{code}: {error?["message"]?.GetValue<string>()}".Trim();
        var retry = code == "batch_expired" || status == 429 || status >= 500;
        return new BatchItemResult(id, null, message, retry);
    }

    private Uri Base => new(baseUrl.ToString().TrimEnd('/') + "/");

    private void Authorize(HttpRequestMessage request)
    {
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Base, path)) { Content = content };
        Authorize(request);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
    }

    internal static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"batch API: HTTP {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}", null, response.StatusCode);
        }
    }
}
