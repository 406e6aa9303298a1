namespace DataGen.Configuration;

/// <summary>The provider names <c>pipeline.json</c> and <c>--provider</c> accept.</summary>
public static class ProviderNames
{
    public const string Simulated = "simulated";
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Ollama = "ollama";
    public const string Local = "local";

    public static IReadOnlyList<string> All { get; } = [Simulated, OpenAI, Anthropic, Ollama, Local];
}
