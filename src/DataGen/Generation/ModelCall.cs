using DataGen.Prompts;
using Microsoft.Extensions.AI;

namespace DataGen.Generation;

/// <summary>One request to <see cref="ModelCaller"/>: the prompt, how to parse the reply, and the call's limits.</summary>
public sealed record ModelCall
{
    public required RenderedPrompt Prompt { get; init; }

    public required IReplyParser Parser { get; init; }

    public int MaxReasks { get; init; } = 2;

    public required int MaxOutputTokens { get; init; }

    public required int SamplingSeed { get; init; }

    /// <summary><c>kind/step</c>, published through <see cref="ModelCallContext"/> while the call runs.</summary>
    public string? Step { get; init; }

    /// <summary>Earlier turns this call continues; null or empty for a fresh context.</summary>
    public IReadOnlyList<ChatMessage>? History { get; init; }
}
