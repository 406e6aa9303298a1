using System.CommandLine;

namespace DataGen.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo> Config() => new("--config", "-c")
    {
        Description = "The pipeline configuration file.",
        DefaultValueFactory = _ => new FileInfo("pipeline.json"),
    };

    public static Option<string?> Provider() => new("--provider")
    {
        Description = "Override provider.name: simulated, openai, anthropic, ollama or local.",
    };

    public static Option<string?> Model() => new("--model")
    {
        Description = "Override provider.model. With --provider local, a .gguf path (or any existing file) sets provider.local.modelPath.",
    };

    public static Option<Uri?> Endpoint() => new("--endpoint")
    {
        Description = "Override provider.endpoint (openai: base URL including /v1).",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                return uri;
            }

            result.AddError($"--endpoint: '{text}' is not an absolute URL");
            return null;
        },
    };

    public static Option<bool> Verbose() => new("--verbose", "-v")
    {
        Description = "Log debug detail to stderr.",
    };
}
