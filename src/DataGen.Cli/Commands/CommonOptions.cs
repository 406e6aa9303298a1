using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

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

    /// <summary>Largest sample count (<c>$defs.count</c> in the schema).</summary>
    public const int MaxCount = 10_000_000;

    /// <summary>
    /// Parses a whole number in [<paramref name="min"/>, <paramref name="max"/>]; anything else is a parse error naming
    /// the option (exit 1), never an exception from a validator reading an unparsed value.
    /// </summary>
    public static int? ParseCount(ArgumentResult result, string option, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return (int)value;
        }

        result.AddError($"{option}: '{text}' is not a whole number from {min} to {max}");
        return null;
    }
}
