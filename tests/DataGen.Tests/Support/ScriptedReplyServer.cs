using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataGen.Configuration;
using DataGen.Prompts;
using DataGen.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback whose replies a test chooses per request. Each request is
/// matched to the prompt template (the recipe step) it was rendered from, by the template's literal lines, so a test
/// can answer e.g. only <c>advice_chats/response_rewrite</c> with planted text and leave every other step to the
/// simulator's well-formed replies (<see cref="SimulatorOptions.Clean"/>). The server is a test double of a model
/// endpoint, not of DataGen: the pipeline under test talks to it through the real <c>openai</c> provider over HTTP.
/// Replies name the model as sent (no simulator prefix), so rows are not marked simulated.
/// </summary>
internal sealed partial class ScriptedReplyServer : IAsyncDisposable
{
    private readonly Func<ScriptedRequest, string?> _reply;
    private readonly SimulatedReplyWriter _fallback = new(SimulatorOptions.Clean);
    private readonly IReadOnlyList<StepSignature> _steps;
    private readonly ConcurrentQueue<ScriptedRequest> _requests = new();

    private WebApplication? _app;

    private ScriptedReplyServer(Func<ScriptedRequest, string?> reply, IReadOnlyList<StepSignature> steps)
    {
        _reply = reply;
        _steps = steps;
    }

    /// <summary>Base URL including <c>/v1</c>, for <c>--endpoint</c> or <c>provider.endpoint</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/v1");

    /// <summary>Every request answered so far, in arrival order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests => [.. _requests];

    /// <summary>
    /// Starts the server on a free loopback port. <paramref name="reply"/> returns the reply text for a request, or
    /// null to let the simulator answer it. <paramref name="promptsDirectory"/> (the repo's <c>prompts/</c> by default)
    /// is where step names come from: use the same folder the run's config names.
    /// </summary>
    public static async Task<ScriptedReplyServer> StartAsync(Func<ScriptedRequest, string?> reply, string? promptsDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var steps = StepSignature.LoadAll(promptsDirectory ?? TestPaths.Prompts);
        var server = new ScriptedReplyServer(reply, steps);
        (server._app, var root) = await LoopbackServer.StartAsync(app => app.MapPost("/v1/chat/completions", (RequestDelegate)server.CompleteAsync));
        server.BaseUrl = new Uri(root, "v1");
        return server;
    }

    /// <summary>The requests matched to one step, e.g. <c>advice_chats/response</c>.</summary>
    public IReadOnlyList<ScriptedRequest> RequestsFor(string step) => [.. _requests.Where(r => r.Step == step)];

    public async ValueTask DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task CompleteAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var body = document.RootElement;
        var messages = new List<ChatMessage>();
        foreach (var m in body.GetProperty("messages").EnumerateArray())
        {
            var role = m.TryGetProperty("role", out var r) ? r.GetString() ?? "user" : "user";
            messages.Add(new ChatMessage(new ChatRole(role), m.TryGetProperty("content", out var c) ? ContentText(c) : string.Empty));
        }

        var model = body.TryGetProperty("model", out var modelElement) ? modelElement.GetString() ?? "scripted" : "scripted";
        long? seed = body.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
        JsonElement? schema = body.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
            && format.TryGetProperty("json_schema", out var js) && js.TryGetProperty("schema", out var sc) ? sc.Clone() : null;
        var prompt = string.Join("\n\n", messages.Where(m => m.Role != ChatRole.Assistant).Select(m => m.Text));
        var request = new ScriptedRequest
        {
            Model = model,
            Messages = messages,
            Prompt = prompt,
            Step = StepSignature.Match(_steps, prompt),
            Seed = seed,
            JsonSchema = schema,
        };
        _requests.Enqueue(request);

        var text = _reply(request);
        var finish = "stop";
        if (text is null)
        {
            var options = new ChatOptions { ModelId = model, Seed = seed, ResponseFormat = schema is { } sch ? ChatResponseFormat.ForJsonSchema(sch) : null };
            var simulated = _fallback.Write(messages, options);
            text = simulated.Text;
            finish = simulated.FinishReason;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-scripted-" + _requests.Count,
            @object = "chat.completion",
            created = 0,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = finish } },
            usage = new { prompt_tokens = Math.Max(1, prompt.Length / 4), completion_tokens = Math.Max(1, text.Length / 4), total_tokens = Math.Max(1, prompt.Length / 4) + Math.Max(1, text.Length / 4) },
        }), context.RequestAborted);
    }

    private static string ContentText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) ? t.GetString() : string.Empty)),
        _ => string.Empty,
    };

    /// <summary>A template's name and the literal lines of its system and user parts (what every rendering contains).</summary>
    private sealed partial record StepSignature(string Name, IReadOnlyList<string> Lines)
    {
        public static IReadOnlyList<StepSignature> LoadAll(string directory) =>
        [
            .. Directory.EnumerateFiles(directory, "*.md", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(file => From(Path.GetRelativePath(directory, file).Replace('\\', '/')[..^3], File.ReadAllText(file)))
                .Where(s => s is not null)
                .Select(s => s!),
        ];

        /// <summary>The step whose literal lines the prompt contains most completely (ties: the one with more lines).</summary>
        public static string? Match(IReadOnlyList<StepSignature> steps, string prompt)
        {
            StepSignature? best = null;
            var bestScore = 0.0;
            foreach (var step in steps)
            {
                var found = step.Lines.Count(l => prompt.Contains(l, StringComparison.Ordinal));
                var score = (double)found / step.Lines.Count;
                if (found > 0 && (score > bestScore || (score == bestScore && best is not null && step.Lines.Count > best.Lines.Count)))
                {
                    best = step;
                    bestScore = score;
                }
            }

            return bestScore >= 0.5 ? best?.Name : null;
        }

        private static StepSignature? From(string name, string text)
        {
            var start = text.IndexOf(PromptTemplate.SystemMarker, StringComparison.Ordinal);
            if (start < 0)
            {
                start = text.IndexOf(PromptTemplate.UserMarker, StringComparison.Ordinal);
            }

            if (start < 0)
            {
                return null; // a snippet (preamble, injection): not a step of its own
            }

            var lines = Placeholder().Split(text[start..])
                .SelectMany(fragment => fragment.Split('\n'))
                .Select(l => l.Trim())
                .Where(l => l.Length >= 12 && !l.StartsWith("===", StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return lines.Count == 0 ? null : new StepSignature(name, lines);
        }

        [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.Singleline)]
        private static partial Regex Placeholder();
    }
}

/// <summary>One chat-completions request as the <see cref="ScriptedReplyServer"/> saw it.</summary>
internal sealed record ScriptedRequest
{
    public required string Model { get; init; }

    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>System and user turns joined, as a model would read them (assistant turns of re-asks left out).</summary>
    public required string Prompt { get; init; }

    /// <summary>The prompt template the request was rendered from, e.g. <c>stories/draft_embodiment</c>; null if none matched.</summary>
    public required string? Step { get; init; }

    public long? Seed { get; init; }

    /// <summary>The JSON schema the request asked the reply to follow, if any.</summary>
    public JsonElement? JsonSchema { get; init; }
}
