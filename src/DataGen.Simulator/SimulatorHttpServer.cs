using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Globalization;
using System.Net;
using System.Text.Json;
using DataGen.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGen.Simulator;

/// <summary>
/// The simulator behind an OpenAI-compatible HTTP API (<c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>),
/// bound to loopback only, so the real HTTP provider path can be exercised, loaded and faulted offline
/// (latency and faults from <see cref="FaultInjector"/>). Every reply names its model
/// <c>datagen-simulated:&lt;model&gt;</c>, and the pipeline marks rows built from such replies as simulated. It also serves
/// both batch APIs (<see cref="SimulatedBatchEndpoints"/>).
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

    /// <summary>The batch APIs (OpenAI Files + Batches, Anthropic Message Batches) this server also serves.</summary>
    internal SimulatedBatchEndpoints Batches { get; private init; } = null!;

    /// <summary>Batches created so far through either batch API.</summary>
    public int BatchesCreated => Batches.Created;

    /// <summary>Requests submitted in batches so far, resubmissions counted again.</summary>
    public int BatchRequestsSubmitted => Batches.Submitted;

    /// <summary>Completion delay, failures and expiry of the batch APIs; tests may change them between batches.</summary>
    public SimulatedBatchOptions BatchOptions
    {
        get => Batches.Options;
        set => Batches.Options = value;
    }

    /// <summary>Chat completion requests so far per <c>model</c> the request asked for.</summary>
    public IReadOnlyDictionary<string, int> RequestsByModel => _byModel;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _byModel = new(StringComparer.Ordinal);

    /// <summary>Replay mode's figures (null when the server composes every reply): recorded bodies, hits, misses.</summary>
    public (int Recorded, long Hits, long Misses)? ReplayCounts => _replay is { } replay ? (replay.Recorded, replay.Hits, replay.Misses) : null;

    private SimulatedReplayCache? _replay;

    /// <summary>Starts on 127.0.0.1; port 0 picks a free port.</summary>
    /// <param name="options">The simulator's settings.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="loggerFactory">Where ASP.NET logs; none by default.</param>
    /// <param name="replay">
    /// Replay mode (<see cref="SimulatedReplayCache"/>): every reply is recorded under its request body's hash and an
    /// identical request is answered from memory with the same latency (<c>GET /v1/simulator/replay</c> reports
    /// recorded, hits and misses). Well-formed replies only: the fault rates must be 0.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">Replay mode with fault rates above 0.</exception>
    public static async Task<SimulatorHttpServer> StartAsync(SimulatorOptions options, int port = 0, ILoggerFactory? loggerFactory = null, bool replay = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (replay && options.Faults.Total > 0)
        {
            throw new ArgumentException($"the simulator's replay mode serves well-formed replies only, but the fault rates add up to {options.Faults.Total:P0}; set them to 0", nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var writer = new SimulatedReplyWriter(options);
        var server = new SimulatorHttpServer(app, writer, new FaultInjector(options.Faults, options.Latency))
        {
            Batches = new SimulatedBatchEndpoints(writer, options.Batch, TimeProvider.System),
        };
        if (replay)
        {
            server._replay = new SimulatedReplayCache();
            app.MapPost("/v1/chat/completions", (RequestDelegate)server.ReplayAsync);
            app.MapGet("/v1/simulator/replay", () => Results.Json(new { recorded = server._replay.Recorded, hits = server._replay.Hits, misses = server._replay.Misses }));
        }
        else
        {
            app.MapPost("/v1/chat/completions", (RequestDelegate)server.CompleteAsync);
        }

        server.Batches.Map(app);
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

    // A plain RequestDelegate that reads the body as a pooled JsonDocument and writes the reply with a Utf8JsonWriter
    // straight into the response pipe: a load test of the client must not be limited by the server's own allocations.
    private async Task CompleteAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _requests);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, 400, $"request body is not JSON: {ex.Message}");
            return;
        }

        using (document)
        {
            await CompleteAsync(context, document.RootElement, arrived);
        }
    }

    private async Task CompleteAsync(HttpContext context, JsonElement body, long arrived)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array)
        {
            await ErrorAsync(context, 400, "request has no messages array");
            return;
        }

        if (body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            await ErrorAsync(context, 400, "the simulator server answers non-streaming requests only");
            return;
        }

        var (messages, options, model) = ReadRequest(body, messagesElement);
        var faults = Faults;
        var (fault, latency) = faults.Next(FaultInjector.Hash(messages, options));
        // The latency is the time from the request's arrival to its reply, as a real endpoint's is: the simulator's own
        // work (reading the body, writing the reply) comes out of it rather than on top of it.
        var reply = fault is SimulatedFault.None or SimulatedFault.Malformed ? _writer.Write(messages, options) : null;
        var remaining = latency - Stopwatch.GetElapsedTime(arrived);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, context.RequestAborted);
        }

        if (fault != SimulatedFault.None)
        {
            Interlocked.Increment(ref _faulted);
        }

        switch (fault)
        {
            case SimulatedFault.Http429:
                context.Response.Headers.RetryAfter = faults.Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(context, 429, "simulated rate limit", "rate_limit_exceeded");
                return;
            case SimulatedFault.Http500:
                await ErrorAsync(context, 500, "simulated server error", "server_error");
                return;
            case SimulatedFault.Http503:
                context.Response.Headers.RetryAfter = faults.Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(context, 503, "simulated overload", "server_error");
                return;
            case SimulatedFault.Timeout:
                // Hang until the client gives up and aborts the request.
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                return;
            case SimulatedFault.ConnectionReset:
                context.Abort();
                return;
            case SimulatedFault.Truncated:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\":\"chatcmpl-sim\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assi", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                return;
        }

        reply ??= _writer.Write(messages, options);
        if (fault == SimulatedFault.Malformed)
        {
            reply = reply with { Text = FaultInjector.MalformedText };
        }

        context.Response.ContentType = "application/json";
        WriteCompletion(context.Response.BodyWriter, reply, model);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    // Replay mode: the body is read whole, hashed, and answered from the recording when an identical one came before;
    // otherwise the simulator composes the reply as CompleteAsync does and it is recorded with its latency.
    private async Task ReplayAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _requests);
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (!(read = await reader.ReadAsync(context.RequestAborted)).IsCompleted)
        {
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        SimulatedReplayCache.RecordedReply? recorded;
        string? error = null;
        try
        {
            var key = SimulatedReplayCache.Key(read.Buffer);
            if (!_replay!.TryGet(key, out recorded))
            {
                (recorded, error) = Compose(read.Buffer);
                if (recorded is not null)
                {
                    _replay.Add(key, recorded);
                }
            }
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }

        if (recorded is null)
        {
            await ErrorAsync(context, 400, error!);
            return;
        }

        var remaining = recorded.Latency - Stopwatch.GetElapsedTime(arrived);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, context.RequestAborted);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = recorded.Body.Length;
        await context.Response.BodyWriter.WriteAsync(recorded.Body, context.RequestAborted);
    }

    private (SimulatedReplayCache.RecordedReply? Reply, string? Error) Compose(ReadOnlySequence<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return (null, $"request body is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array)
            {
                return (null, "request has no messages array");
            }

            if (root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
            {
                return (null, "the simulator server answers non-streaming requests only");
            }

            var (messages, options, model) = ReadRequest(root, messagesElement);
            var (_, latency) = Faults.Next(FaultInjector.Hash(messages, options));
            var buffer = new ArrayBufferWriter<byte>(4096);
            WriteCompletion(buffer, _writer.Write(messages, options), model);
            return (new SimulatedReplayCache.RecordedReply(buffer.WrittenSpan.ToArray(), latency), null);
        }
    }

    private (List<ChatMessage> Messages, ChatOptions Options, string Model) ReadRequest(JsonElement body, JsonElement messagesElement)
    {
        var messages = new List<ChatMessage>(messagesElement.GetArrayLength());
        foreach (var m in messagesElement.EnumerateArray())
        {
            var role = m.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "user";
            messages.Add(new ChatMessage(new ChatRole(role), m.TryGetProperty("content", out var content) ? ContentText(content) : string.Empty));
        }

        var model = body.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String ? modelElement.GetString()! : "sim-1";
        _byModel.AddOrUpdate(model, 1, (_, n) => n + 1);
        var options = new ChatOptions
        {
            ModelId = model,
            Seed = body.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number ? seed.GetInt64() : null,
            ResponseFormat = body.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
                && format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object
                && jsonSchema.TryGetProperty("schema", out var schema)
                ? ChatResponseFormat.ForJsonSchema(schema.Clone())
                : null,
        };
        return (messages, options, model);
    }

    private void WriteCompletion(IBufferWriter<byte> target, SimulatedReply reply, string model)
    {
        using var json = new Utf8JsonWriter(target);
        json.WriteStartObject();
        json.WriteString("id", "chatcmpl-sim-" + Interlocked.CompareExchange(ref _requests, 0, 0).ToString(CultureInfo.InvariantCulture));
        json.WriteString("object", "chat.completion");
        json.WriteNumber("created", 0);
        json.WriteString("model", ModelPrefix + model);
        json.WriteString("system_fingerprint", "datagen-simulator");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", reply.Text);
        json.WriteEndObject();
        json.WriteString("finish_reason", reply.FinishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", reply.InputTokens);
        json.WriteNumber("completion_tokens", reply.OutputTokens);
        json.WriteNumber("total_tokens", reply.InputTokens + reply.OutputTokens);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string ContentText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var text) ? text.GetString() : string.Empty)),
        _ => string.Empty,
    };

    private static Task ErrorAsync(HttpContext context, int status, string message, string type = "invalid_request_error")
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type } }, context.RequestAborted);
    }
}
