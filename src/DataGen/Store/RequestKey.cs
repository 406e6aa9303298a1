using System.Security.Cryptography;
using System.Text.Json;
using CommunityToolkit.HighPerformance.Buffers;
using Microsoft.Extensions.AI;

namespace DataGen.Store;

/// <summary>
/// The identity of one model request: SHA-256 of a canonical JSON of provider, model, messages and the generation
/// parameters that change the answer (temperature, top-p, max tokens, seed, response schema). Per request, not per
/// run: editing one prompt file changes only the keys of the requests whose rendered text changed.
/// </summary>
public static class RequestKey
{
    public static string Compute(string provider, string? defaultModel, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // A pooled buffer: keys are computed for every call, over prompts that can be tens of kilobytes.
        using var buffer = new ArrayPoolBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("v", "1");
            json.WriteString("provider", provider);
            json.WriteString("model", options?.ModelId ?? defaultModel);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                json.WriteString("text", message.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteNumber(json, "temperature", options?.Temperature);
            WriteNumber(json, "topP", options?.TopP);
            WriteNumber(json, "maxOutputTokens", options?.MaxOutputTokens);
            WriteNumber(json, "seed", options?.Seed);
            if ((options?.ResponseFormat as ChatResponseFormatJson)?.Schema is { } schema)
            {
                json.WritePropertyName("schema");
                schema.WriteTo(json);
            }
            else if (options?.ResponseFormat is ChatResponseFormatJson)
            {
                json.WriteString("format", "json");
            }

            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            // Round-trip text of the float as the caller set it, so 0.9f does not hash differently across runtimes.
            json.WriteString(name, ((float)v).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
