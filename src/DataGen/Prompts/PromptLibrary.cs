using System.Collections.Concurrent;
using DataGen.Configuration;

namespace DataGen.Prompts;

/// <summary>Finds and caches templates under the prompts folder by name (<c>kind/step</c>, file <c>kind/step.md</c>).</summary>
public sealed partial class PromptLibrary
{
    /// <summary>Extension of template files.</summary>
    public const string Extension = ".md";

    /// <summary>Largest prompt or snippet file accepted: a prompt this big is a mistake (a pasted dataset), not a prompt.</summary>
    public const int MaxBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, PromptTemplate> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PromptSnippet> _snippets = new(StringComparer.Ordinal);

    public PromptLibrary(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>Loads a snippet: a whole file inserted as a value. A missing or empty file is a <see cref="ConfigException"/>.</summary>
    public PromptSnippet GetSnippet(string name, string referencedBy)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _snippets.GetOrAdd(name, n =>
        {
            var relative = n.Replace('\\', '/').TrimStart('/') + Extension;
            var full = Path.GetFullPath(Path.Combine(Directory, relative));
            if (!full.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
            {
                throw new ConfigException(full, $"prompt snippet not found (named '{n}' by {referencedBy})");
            }

            var text = Configuration.InputFile.ReadText(full, "the prompt file", MaxBytes).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            if (text.Length == 0)
            {
                throw new ConfigException(full, $"prompt snippet is empty (named '{n}' by {referencedBy})");
            }

            // A snippet is inserted as a value, never rendered: a {{ placeholder }} in it would reach the model literally.
            if (Placeholder().Match(text) is { Success: true } placeholder)
            {
                var line = text[..placeholder.Index].Count(c => c == '\n') + 1;
                throw new ConfigException(full, $"line {line}: snippet (named '{n}' by {referencedBy}) contains the template placeholder '{placeholder.Value}'; snippets are inserted as they are, so it would reach the model literally: write the text out");
            }

            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..8];
            return new PromptSnippet(n, $"{relative}@{hash}", text);
        });
    }

    /// <summary>Loads a template. A missing file is a <see cref="ConfigException"/> naming the expected path.</summary>
    /// <param name="name">Template name, e.g. <c>documents/document</c>.</param>
    /// <param name="referencedBy">Where the name came from (a JSON path), for the error message.</param>
    public PromptTemplate Get(string name, string referencedBy)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _cache.GetOrAdd(name, n =>
        {
            var relative = n.Replace('\\', '/').TrimStart('/') + Extension;
            var full = Path.GetFullPath(Path.Combine(Directory, relative));
            if (!full.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ConfigException(full, $"prompt '{n}' (from {referencedBy}) points outside the prompts folder {Directory}");
            }

            if (!File.Exists(full))
            {
                throw new ConfigException(full, $"prompt template not found (named '{n}' by {referencedBy})");
            }

            return PromptTemplate.Parse(n, relative, full, Configuration.InputFile.ReadText(full, "the prompt file", MaxBytes));
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{[^{}\n]{0,80}\}\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();
}
