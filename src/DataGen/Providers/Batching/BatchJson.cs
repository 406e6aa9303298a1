
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace DataGen.Providers.Batching;

/// <summary>Request bodies and replies of the two batch APIs, shared by their clients and the simulator server.</summary>
public static class BatchJson
{
    /// <summary>An OpenAI chat-completions body (what a JSONL line's <c>body</c> holds; vLLM's run-batch reads the same).</summary>
    public static JsonObject OpenAIBody(BatchRequest request, string model)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options;
        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? model,
            ["messages"] = new JsonArray([.. request.Messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text })]),
        };
        if (options?.Temperature is { } t)
        {
            body["temperature"] = t;
        }

        if (options?.MaxOutputTokens is { } max)
        {
            body["max_completion_tokens"] = max;
        }

        if (options?.Seed is { } seed)
        {
            body["seed"] = seed;
        }

        if ((options?.ResponseFormat as ChatResponseFormatJson)?.Schema is { } schema)
        {
            body["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject { ["name"] = "reply", ["schema"] = JsonNode.Parse(schema.GetRawText()) },
            };
        }

        return body;
    }

    /// <summary>Anthropic's <c>params</c> of one Message Batches request: system apart, the rest as turns.</summary>
    public static JsonObject AnthropicParams(BatchRequest request, string model, int defaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options;
        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? model,
            ["max_tokens"] = options?.MaxOutputTokens ?? defaultMaxTokens,
            ["messages"] = new JsonArray([.. request.Messages.Where(m => m.Role != ChatRole.System)
                .Select(m => (JsonNode)new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text })]),
        };
        var system = string.Join("\n\n", request.Messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        if (system.Length > 0)
        {
            body["system"] = system;
        }

        if (options?.Temperature is { } t)
        {
            body["temperature"] = t;
        }

        if ((options?.ResponseFormat as ChatResponseFormatJson)?.Schema is { } schema)
        {
            body["output_config"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "json_schema", ["schema"] = JsonNode.Parse(schema.GetRawText()) } };
        }

        return body;
    }

    /// <summary>A chat completion object as a response.</summary>
    public static ChatResponse FromOpenAI(JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var choice = body["choices"]?[0];
        var usage = body["usage"];
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, choice?["message"]?["content"]?.GetValue<string>() ?? string.Empty))
        {
            ModelId = body["model"]?.GetValue<string>(),
            FinishReason = choice?["finish_reason"]?.GetValue<string>() is { } f ? new ChatFinishReason(f) : null,
            Usage = Usage(usage?["prompt_tokens"], usage?["completion_tokens"], usage?["prompt_tokens_details"]?["cached_tokens"]),
        };
    }

    /// <summary>An Anthropic message object as a response.</summary>
    public static ChatResponse FromAnthropic(JsonNode message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = string.Concat((message["content"] as JsonArray ?? []).Select(b => b?["type"]?.GetValue<string>() == "text" ? b["text"]?.GetValue<string>() : null));
        var usage = message["usage"];
        var cacheRead = usage?["cache_read_input_tokens"]?.GetValue<long>() ?? 0;
        var cacheWrite = usage?["cache_creation_input_tokens"]?.GetValue<long>() ?? 0;
        var input = (usage?["input_tokens"]?.GetValue<long>() ?? 0) + cacheRead + cacheWrite;
        var details = new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = usage?["output_tokens"]?.GetValue<long>() ?? 0,
            CachedInputTokenCount = cacheRead,
            AdditionalCounts = cacheWrite == 0 ? null : new AdditionalPropertiesDictionary<long> { [Store.RecordingChatClient.CacheWriteInputCountKey] = cacheWrite },
        };
        details.TotalTokenCount = details.InputTokenCount + details.OutputTokenCount;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = message["model"]?.GetValue<string>(),
            FinishReason = message["stop_reason"]?.GetValue<string>() switch
            {
                "max_tokens" => ChatFinishReason.Length,
                null => null,
                _ => ChatFinishReason.Stop,
            },
            Usage = details,
        };
    }

    /// <summary>The lines of a JSONL text, parsed; blank lines skipped.</summary>
    public static IEnumerable<JsonNode> Lines(string jsonl)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        foreach (var line in jsonl.Split('\n'))
        {
            if (!string.IsNullOrWhiteSpace(line) && JsonNode.Parse(line) is { } node)
            {
                yield return node;
            }
        }
    }

    private static UsageDetails Usage(JsonNode? input, JsonNode? output, JsonNode? cached)
    {
        var i = input?.GetValue<long>() ?? 0;
        var o = output?.GetValue<long>() ?? 0;
        return new UsageDetails { InputTokenCount = i, OutputTokenCount = o, TotalTokenCount = i + o, CachedInputTokenCount = cached?.GetValue<long>() };
    }
}
