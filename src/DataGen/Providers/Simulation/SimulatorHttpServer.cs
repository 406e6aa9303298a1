using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGen.Providers.Simulation;

/// <summary>
/// The simulator behind an OpenAI-compatible HTTP API (<c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>),
/// bound to loopback only, so the real HTTP provider path can be exercised, loaded and faulted offline
/// (latency and faults from <see cref="FaultInjector"/>). Every reply names its model
/// <c>datagen-simulated:&lt;model&gt;</c>, and the pipeline marks rows built from such replies as simulated.
/// </summary>
public sealed class SimulatorHttpServer : IAsyncDisposable
{
    /// <summary>Prefix of the model name in every reply; the pipeline treats replies carrying it as simulated.</summary>
    public const string ModelPrefix = "datagen-simulated:";

    private readonly WebApplication _app;
    private readonly SimulatedReplyWriter _writer;
    private int _requests;
    private int _faulted;

    private SimulatorHttpServer(WebApplication app, SimulatedReplyWriter writer, FaultInjector faults)
    {
        _app = app;
        _writer = writer;
        Faults = faults;
    }

    /// <summary>Latency and injected faults; tests may swap them between requests.</summary>
    public FaultInjector Faults { get; set; }

    /// <summary>Requests answered with an injected fault (malformed content included).</summary>
    public int Faulted => _faulted;

    /// <summary>Base URL including <c>/v1</c>, e.g. <c>http://127.0.0.1:5123/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/v1");

    /// <summary>Chat completion requests answered so far.</summary>
    public int Requests => _requests;

    /// <summary>Starts on 127.0.0.1; port 0 picks a free port.</summary>
    public static async Task<SimulatorHttpServer> StartAsync(SimulatorOptions options, int port = 0, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new SimulatorHttpServer(app, new SimulatedReplyWriter(options), new FaultInjector(options.Faults, options.Latency));
        app.MapPost("/v1/chat/completions", (Func<HttpContext, Task<IResult>>)server.CompleteAsync);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = "sim-1", @object = "model", owned_by = "datagen-simulator" } } }));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> CompleteAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Error(400, $"request body is not JSON: {ex.Message}");
        }

        if (body?["messages"] is not JsonArray messagesNode)
        {
            return Error(400, "request has no messages array");
        }

        if (body["stream"]?.GetValue<bool>() == true)
        {
            return Error(400, "the simulator server answers non-streaming requests only");
        }

        var messages = messagesNode.Select(m => new ChatMessage(new ChatRole(m?["role"]?.GetValue<string>() ?? "user"), ContentText(m?["content"]))).ToList();
        var model = body["model"]?.GetValue<string>() ?? "sim-1";
        var options = new ChatOptions
        {
            ModelId = model,
            Seed = body["seed"]?.GetValue<long>(),
            ResponseFormat = body["response_format"]?["json_schema"]?["schema"] is { } schema
                ? ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema))
                : null,
        };
        var faults = Faults;
        var (fault, latency) = faults.Next(FaultInjector.Hash(messages, options));
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        if (fault != SimulatedFault.None)
        {
            Interlocked.Increment(ref _faulted);
        }

        switch (fault)
        {
            case SimulatedFault.Http429:
                context.Response.Headers.RetryAfter = faults.Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Error(429, "simulated rate limit", "rate_limit_exceeded");
            case SimulatedFault.Http500:
                return Error(500, "simulated server error", "server_error");
            case SimulatedFault.Http503:
                context.Response.Headers.RetryAfter = faults.Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Error(503, "simulated overload", "server_error");
            case SimulatedFault.Timeout:
                // Hang until the client gives up and aborts the request.
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                return Results.Empty;
            case SimulatedFault.ConnectionReset:
                context.Abort();
                return Results.Empty;
            case SimulatedFault.Truncated:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\":\"chatcmpl-sim\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assi", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                return Results.Empty;
        }

        var reply = _writer.Write(messages, options);
        if (fault == SimulatedFault.Malformed)
        {
            reply = reply with { Text = FaultInjector.MalformedText };
        }

        return Results.Json(new JsonObject
        {
            ["id"] = "chatcmpl-sim-" + Interlocked.CompareExchange(ref _requests, 0, 0).ToString(CultureInfo.InvariantCulture),
            ["object"] = "chat.completion",
            ["created"] = 0,
            ["model"] = ModelPrefix + model,
            ["system_fingerprint"] = "datagen-simulator",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text },
                ["finish_reason"] = reply.FinishReason,
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = reply.InputTokens,
                ["completion_tokens"] = reply.OutputTokens,
                ["total_tokens"] = reply.InputTokens + reply.OutputTokens,
            },
        });
    }

    private static string ContentText(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => string.Empty,
    };

    private static IResult Error(int status, string message, string type = "invalid_request_error") =>
        Results.Json(new { error = new { message, type } }, statusCode: status);
}
