using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;
using DataGen.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Providers;

/// <summary>
/// A fake of Anthropic's Messages API (<c>POST /v1/messages</c>) on 127.0.0.1, so the real anthropic provider (the
/// official SDK and its <see cref="IChatClient"/>) is exercised over HTTP. It keeps every request body as received,
/// composes reply text with the clean simulator's writer (so every stage gets a reply in the shape it asked for) and
/// reports the prompt-cache token counts it is told to in each reply's <c>usage</c>.
/// </summary>
internal sealed class FakeAnthropicServer : IAsyncDisposable
{
    private readonly SimulatedReplyWriter _writer = new(SimulatorOptions.Clean);
    private WebApplication? _app;

    private FakeAnthropicServer()
    {
    }

    /// <summary>Root URL without <c>/v1</c>, the way the anthropic provider's <c>endpoint</c> takes it.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request body, in arrival order.</summary>
    public ConcurrentQueue<JsonNode> Requests { get; } = new();

    /// <summary><c>usage.cache_read_input_tokens</c> of every reply.</summary>
    public int CacheReadInputTokens { get; init; }

    /// <summary><c>usage.cache_creation_input_tokens</c> of every reply.</summary>
    public int CacheCreationInputTokens { get; init; }

    /// <summary>How many of the next requests are refused with 429 and <see cref="RetryAfter"/>.</summary>
    public int RateLimitNext { get; set; }

    /// <summary>The <c>Retry-After</c> header sent with a refused request; null sends none.</summary>
    public string? RetryAfter { get; set; }

    /// <summary><c>usage.input_tokens</c> (the uncached rest) of every reply.</summary>
    public int InputTokens { get; init; } = 100;

    public static async Task<FakeAnthropicServer> StartAsync(int cacheReadInputTokens = 0, int cacheCreationInputTokens = 0)
    {
        var server = new FakeAnthropicServer { CacheReadInputTokens = cacheReadInputTokens, CacheCreationInputTokens = cacheCreationInputTokens };
        (server._app, server.BaseUrl) = await LoopbackServer.StartAsync(app => app.MapPost("/v1/messages", (Func<HttpContext, Task<IResult>>)server.MessagesAsync));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> MessagesAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (body?["messages"] is not JsonArray turns || body["model"]?.GetValue<string>() is not { } model)
        {
            return Results.Json(new { type = "error", error = new { type = "invalid_request_error", message = "model and messages are required" } }, statusCode: 400);
        }

        Requests.Enqueue(body.DeepClone());
        if (RateLimitNext > 0)
        {
            RateLimitNext--;
            if (RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = wait;
            }

            return Results.Json(new { type = "error", error = new { type = "rate_limit_error", message = "simulated rate limit" } }, statusCode: 429);
        }

        var messages = new List<ChatMessage>();
        if (body["system"] is { } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, Text(system)));
        }

        messages.AddRange(turns.Select(t => new ChatMessage(new ChatRole(t!["role"]!.GetValue<string>()), Text(t["content"]))));
        var options = new ChatOptions
        {
            ModelId = model,
            ResponseFormat = body["output_config"]?["format"]?["schema"] is { } schema
                ? ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema))
                : null,
        };
        var reply = _writer.Write(messages, options);
        return Results.Json(new JsonObject
        {
            ["id"] = "msg_fake_" + Requests.Count.ToString(CultureInfo.InvariantCulture),
            ["type"] = "message",
            ["role"] = "assistant",
            // The simulator's prefix keeps rows built from these composed replies labelled simulated.
            ["model"] = SimulatorHttpServer.ModelPrefix + model,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply.Text }),
            ["stop_reason"] = reply.FinishReason == "length" ? "max_tokens" : "end_turn",
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = InputTokens,
                ["output_tokens"] = reply.OutputTokens,
                ["cache_read_input_tokens"] = CacheReadInputTokens,
                ["cache_creation_input_tokens"] = CacheCreationInputTokens,
            },
        });
    }

    private static string Text(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray blocks => string.Concat(blocks.Select(b => b?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => string.Empty,
    };
}
