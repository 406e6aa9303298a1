using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace DataGen.Simulator;

/// <summary>
/// The simulator server's batch APIs, so batch mode runs offline: OpenAI's Files + Batches (<c>/v1/files</c>,
/// <c>/v1/batches</c>, output and error files as JSONL) and Anthropic's Message Batches (<c>/v1/messages/batches</c>
/// and its results). A batch ends <see cref="SimulatedBatchOptions.CompletionSeconds"/> after it is created; then each
/// request is answered by the simulator, or, the first time its <c>custom_id</c> is seen, fails with a server error
/// (<see cref="SimulatedBatchOptions.FailureRate"/>) or is left expired (<see cref="SimulatedBatchOptions.ExpiryRate"/>),
/// chosen by a hash of the id so a test knows it is deterministic.
/// </summary>
internal sealed class SimulatedBatchEndpoints(SimulatedReplyWriter writer, SimulatedBatchOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Batch> _batches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Batches created so far, both APIs.</summary>
    public int Created => _batches.Count;

    /// <summary>Requests submitted in batches so far (resubmissions counted again).</summary>
    public int Submitted => _seen.Values.Sum();

    /// <summary>Batch options; tests may change them between batches.</summary>
    public SimulatedBatchOptions Options { get; set; } = options;

    public void Map(WebApplication app)
    {
        app.MapPost("/v1/files", (Func<HttpContext, Task<IResult>>)UploadAsync);
        app.MapGet("/v1/files/{id}/content", (string id) => _files.TryGetValue(id, out var text) ? Results.Text(text, "application/jsonl") : NotFound("file"));
        app.MapPost("/v1/batches", (Func<HttpContext, Task<IResult>>)CreateOpenAIAsync);
        app.MapGet("/v1/batches/{id}", (string id) => _batches.TryGetValue(id, out var batch) ? Results.Json(OpenAIBatch(batch)) : NotFound("batch"));
        app.MapPost("/v1/messages/batches", (Func<HttpContext, Task<IResult>>)CreateAnthropicAsync);
        app.MapGet("/v1/messages/batches/{id}", (string id, HttpContext context) => _batches.TryGetValue(id, out var batch) ? Results.Json(AnthropicBatch(batch, context)) : NotFound("batch"));
        app.MapGet("/v1/messages/batches/{id}/results", (string id) => _batches.TryGetValue(id, out var batch) && Ended(batch)
            ? Results.Text(AnthropicResults(batch), "application/jsonl")
            : NotFound("batch results"));
    }

    private async Task<IResult> UploadAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form.Files.GetFile("file") is not { } file || form["purpose"] != "batch")
        {
            return Results.Json(new { error = new { message = "multipart file and purpose=batch are required", type = "invalid_request_error" } }, statusCode: 400);
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var id = NewId("file-");
        _files[id] = await reader.ReadToEndAsync(context.RequestAborted);
        return Results.Json(new { id, @object = "file", bytes = file.Length, purpose = "batch", filename = file.FileName });
    }

    private async Task<IResult> CreateOpenAIAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (body?["input_file_id"]?.GetValue<string>() is not { } fileId || !_files.TryGetValue(fileId, out var text))
        {
            return Results.Json(new { error = new { message = "input_file_id names no uploaded file", type = "invalid_request_error" } }, statusCode: 400);
        }

        var requests = Providers.Batching.BatchJson.Lines(text).Select(l => (l["custom_id"]!.GetValue<string>(), l["body"]!)).ToList();
        var batch = Add(NewId("batch_"), "openai", requests);
        return Results.Json(OpenAIBatch(batch));
    }

    private async Task<IResult> CreateAnthropicAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (body?["requests"] is not JsonArray array)
        {
            return Results.Json(new { type = "error", error = new { type = "invalid_request_error", message = "requests is required" } }, statusCode: 400);
        }

        var requests = array.Select(r => (r!["custom_id"]!.GetValue<string>(), r["params"]!)).ToList();
        var batch = Add(NewId("msgbatch_"), "anthropic", requests);
        return Results.Json(AnthropicBatch(batch, context));
    }

    private Batch Add(string id, string api, List<(string CustomId, JsonNode Body)> requests)
    {
        var outcomes = requests.Select(r =>
        {
            var first = _seen.AddOrUpdate(r.CustomId, 1, (_, n) => n + 1) == 1;
            var draw = (XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(r.CustomId)) % 1_000_000) / 1_000_000.0;
            var fate = !first ? Fate.Answer : draw < Options.FailureRate ? Fate.Fail : draw < Options.FailureRate + Options.ExpiryRate ? Fate.Expire : Fate.Answer;
            return (r.CustomId, r.Body, fate);
        }).ToList();
        var batch = new Batch(id, api, time.GetUtcNow(), TimeSpan.FromSeconds(Options.CompletionSeconds), outcomes);
        _batches[id] = batch;
        return batch;
    }

    private bool Ended(Batch batch) => time.GetUtcNow() - batch.Created >= batch.Delay;

    private JsonObject OpenAIBatch(Batch batch)
    {
        var ended = Ended(batch);
        var node = new JsonObject
        {
            ["id"] = batch.Id,
            ["object"] = "batch",
            ["endpoint"] = "/v1/chat/completions",
            ["completion_window"] = "24h",
            ["status"] = ended ? "completed" : "in_progress",
            ["created_at"] = batch.Created.ToUnixTimeSeconds(),
            ["request_counts"] = new JsonObject
            {
                ["total"] = batch.Requests.Count,
                ["completed"] = ended ? batch.Requests.Count(r => r.Fate == Fate.Answer) : 0,
                ["failed"] = ended ? batch.Requests.Count(r => r.Fate != Fate.Answer) : 0,
            },
        };
        if (ended)
        {
            batch.OutputFile ??= Store(string.Concat(batch.Requests.Where(r => r.Fate == Fate.Answer).Select(r => OpenAIAnswer(r.CustomId, r.Body) + "\n")));
            batch.ErrorFile ??= Store(string.Concat(batch.Requests.Where(r => r.Fate != Fate.Answer).Select(r => OpenAIError(r.CustomId, r.Fate) + "\n")));
            node["output_file_id"] = batch.OutputFile;
            node["error_file_id"] = batch.ErrorFile;
        }

        return node;
    }

    private JsonObject AnthropicBatch(Batch batch, HttpContext context)
    {
        var ended = Ended(batch);
        var answered = batch.Requests.Count(r => r.Fate == Fate.Answer);
        return new JsonObject
        {
            ["id"] = batch.Id,
            ["type"] = "message_batch",
            ["processing_status"] = ended ? "ended" : "in_progress",
            ["request_counts"] = new JsonObject
            {
                ["processing"] = ended ? 0 : batch.Requests.Count,
                ["succeeded"] = ended ? answered : 0,
                ["errored"] = ended ? batch.Requests.Count(r => r.Fate == Fate.Fail) : 0,
                ["expired"] = ended ? batch.Requests.Count(r => r.Fate == Fate.Expire) : 0,
                ["canceled"] = 0,
            },
            ["results_url"] = ended ? $"{context.Request.Scheme}://{context.Request.Host}/v1/messages/batches/{batch.Id}/results" : null,
        };
    }

    private string AnthropicResults(Batch batch) => string.Concat(batch.Requests.Select(r => new JsonObject
    {
        ["custom_id"] = r.CustomId,
        ["result"] = r.Fate switch
        {
            Fate.Answer => AnthropicMessage(r.Body),
            Fate.Fail => new JsonObject { ["type"] = "errored", ["error"] = new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "api_error", ["message"] = "simulated server error" } } },
            _ => new JsonObject { ["type"] = "expired" },
        },
    }.ToJsonString() + "\n"));

    private string OpenAIAnswer(string customId, JsonNode body)
    {
        var (messages, chat) = Request(body, body["messages"] as JsonArray, body["response_format"]?["json_schema"]?["schema"], body["seed"]);
        var model = body["model"]?.GetValue<string>() ?? "sim-1";
        var reply = writer.Write(messages, chat);
        return new JsonObject
        {
            ["id"] = "batch_req_" + customId[..Math.Min(12, customId.Length)],
            ["custom_id"] = customId,
            ["response"] = new JsonObject
            {
                ["status_code"] = 200,
                ["body"] = new JsonObject
                {
                    ["id"] = "chatcmpl-sim-batch",
                    ["object"] = "chat.completion",
                    ["model"] = SimulatorHttpServer.ModelPrefix + model,
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text },
                        ["finish_reason"] = reply.FinishReason,
                    }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = reply.InputTokens, ["completion_tokens"] = reply.OutputTokens, ["total_tokens"] = reply.InputTokens + reply.OutputTokens },
                },
            },
            ["error"] = null,
        }.ToJsonString();
    }

    private static string OpenAIError(string customId, Fate fate) => new JsonObject
    {
        ["id"] = "batch_req_err",
        ["custom_id"] = customId,
        ["response"] = fate == Fate.Fail
            ? new JsonObject { ["status_code"] = 500, ["body"] = new JsonObject { ["error"] = new JsonObject { ["message"] = "simulated server error", ["type"] = "server_error" } } }
            : null,
        ["error"] = fate == Fate.Expire ? new JsonObject { ["code"] = "batch_expired", ["message"] = "This request could not be executed before the completion window expired." } : null,
    }.ToJsonString();

    private JsonObject AnthropicMessage(JsonNode parameters)
    {
        var turns = new JsonArray();
        if (parameters["system"]?.GetValue<string>() is { } system)
        {
            turns.Add(new JsonObject { ["role"] = "system", ["content"] = system });
        }

        foreach (var turn in parameters["messages"] as JsonArray ?? [])
        {
            turns.Add(turn!.DeepClone());
        }

        var (messages, chat) = Request(parameters, turns, parameters["output_config"]?["format"]?["schema"], null);
        var model = parameters["model"]?.GetValue<string>() ?? "sim-1";
        var reply = writer.Write(messages, chat);
        return new JsonObject
        {
            ["type"] = "succeeded",
            ["message"] = new JsonObject
            {
                ["id"] = "msg_sim_batch",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = SimulatorHttpServer.ModelPrefix + model,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply.Text }),
                ["stop_reason"] = reply.FinishReason == "length" ? "max_tokens" : "end_turn",
                ["usage"] = new JsonObject { ["input_tokens"] = reply.InputTokens, ["output_tokens"] = reply.OutputTokens },
            },
        };
    }

    private static (List<ChatMessage> Messages, ChatOptions Options) Request(JsonNode body, JsonArray? turns, JsonNode? schema, JsonNode? seed)
    {
        var messages = (turns ?? []).Select(t => new ChatMessage(new ChatRole(t!["role"]!.GetValue<string>()), t["content"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray blocks => string.Concat(blocks.Select(b => b?["text"]?.GetValue<string>())),
            _ => string.Empty,
        })).ToList();
        var options = new ChatOptions
        {
            ModelId = body["model"]?.GetValue<string>(),
            Seed = seed?.GetValue<long>(),
            ResponseFormat = schema is null ? null : ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema)),
        };
        return (messages, options);
    }

    private string Store(string text)
    {
        var id = NewId("file-");
        _files[id] = text;
        return id;
    }

    private string NewId(string prefix) => prefix + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);

    private static IResult NotFound(string what) => Results.Json(new { error = new { message = $"no such {what}", type = "invalid_request_error" } }, statusCode: 404);

    private enum Fate
    {
        Answer,
        Fail,
        Expire,
    }

    private sealed class Batch(string id, string api, DateTimeOffset created, TimeSpan delay, List<(string CustomId, JsonNode Body, Fate Fate)> requests)
    {
        public string Id { get; } = id;

        public string Api { get; } = api;

        public DateTimeOffset Created { get; } = created;

        public TimeSpan Delay { get; } = delay;

        public List<(string CustomId, JsonNode Body, Fate Fate)> Requests { get; } = requests;

        public string? OutputFile { get; set; }

        public string? ErrorFile { get; set; }
    }
}
