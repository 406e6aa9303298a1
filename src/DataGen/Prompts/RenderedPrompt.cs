namespace DataGen.Prompts;

/// <summary>A template with its placeholders filled, ready to send.</summary>
public sealed record RenderedPrompt
{
    /// <summary>The template's id (path plus content hash).</summary>
    public required string PromptId { get; init; }

    /// <summary>The system part, or null when the template has none.</summary>
    public string? System { get; init; }

    public required string User { get; init; }
}
