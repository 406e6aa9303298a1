using DataGen.Configuration;

namespace DataGen.Providers;

/// <summary>
/// Removes the values of every configured API-key variable from text DataGen writes: exception messages at the
/// provider boundary (so rejects' <c>detail</c> and the manifest's <c>error</c> never carry them), and every console
/// and log line. A provider, gateway or proxy that echoes the <c>Authorization</c> header back is the usual source.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>Values shorter than this are not treated as secrets (they would redact ordinary words).</summary>
    public const int MinimumLength = 8;

    private readonly IReadOnlyList<(string Value, string Variable)> _secrets;

    public SecretRedactor(IEnumerable<(string Variable, string? Value)> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        // Longest first, so a key that contains another is removed whole.
        _secrets = [.. secrets
            .Where(s => s.Value is { Length: >= MinimumLength })
            .Select(s => (Value: s.Value!.Trim(), s.Variable))
            .DistinctBy(s => s.Value)
            .OrderByDescending(s => s.Value.Length)];
    }

    /// <summary>A redactor that removes nothing.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>True when there is at least one secret to remove.</summary>
    public bool IsActive => _secrets.Count > 0;

    /// <summary>The key variables the config names (provider, each endpoint, the providers' defaults), read from the environment.</summary>
    public static SecretRedactor FromEnvironment(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var variables = new List<string>(DefaultVariables);
        if (options.Provider.ApiKeyEnv is { } main)
        {
            variables.Add(main);
        }

        variables.AddRange(options.Provider.Endpoints.Select(e => e.ApiKeyEnv).OfType<string>());
        return FromVariables(variables);
    }

    /// <summary>The providers' default key variables (before a config is read).</summary>
    public static SecretRedactor FromDefaultVariables() => FromVariables(DefaultVariables);

    private static readonly string[] DefaultVariables = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"];

    private static SecretRedactor FromVariables(IEnumerable<string> variables) =>
        new(variables.Distinct(StringComparer.Ordinal).Select(v => (v, Environment.GetEnvironmentVariable(v))));

    /// <summary>The text with every secret replaced by <c>[redacted VARIABLE]</c>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (value, variable) in _secrets)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, $"[redacted {variable}]", StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>True when <paramref name="text"/> holds a secret.</summary>
    public bool Leaks(string? text) => text is not null && _secrets.Any(s => text.Contains(s.Value, StringComparison.Ordinal));
}
