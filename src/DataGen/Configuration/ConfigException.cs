namespace DataGen.Configuration;

/// <summary>
/// A problem with the user's input (config, constitution, prompts): names the file and the place, lists every
/// problem found at once, and maps to exit code 1. Nothing is generated or paid for once one is thrown.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, IReadOnlyList<string> problems)
        : base(Format(file, problems))
    {
        File = file;
        Problems = problems;
    }

    public ConfigException(string file, string problem)
        : this(file, [problem])
    {
    }

    public ConfigException()
        : this("(unknown)", "configuration problem")
    {
    }

    public ConfigException(string message)
        : this("(unknown)", message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "(unknown)";
        Problems = [message];
    }

    /// <summary>The file the problems were found in (as the user named it, or resolved).</summary>
    public string File { get; }

    /// <summary>Each problem, prefixed with its place (JSON path, line, heading or placeholder).</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Format(string file, IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? $"{file}: {problems[0]}"
            : $"{file}: {problems.Count} problems:{Environment.NewLine}" +
              string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
}
