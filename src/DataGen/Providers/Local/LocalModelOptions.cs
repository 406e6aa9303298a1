using System.Text.Json.Serialization;

namespace DataGen.Providers.Local;

/// <summary>
/// The <c>local</c> provider's settings (<c>provider.local</c>): which GGUF file to load in-process and how to run it.
/// Exactly one of <see cref="ModelPath"/> and <see cref="HuggingFace"/> names the model; paths are absolute once loaded.
/// </summary>
public sealed record LocalModelOptions
{
    /// <summary>Default folder that downloaded models are cached in.</summary>
    public const string DefaultCacheDirectory = "~/.cache/datagen/models";

    /// <summary>A GGUF file on disk; relative paths resolve against the config file's folder.</summary>
    public string? ModelPath { get; init; }

    /// <summary>A GGUF file in a Hugging Face repository, downloaded into <see cref="CacheDirectory"/> on first use.</summary>
    public HuggingFaceModelOptions? HuggingFace { get; init; }

    /// <summary>Where downloaded models are kept; <c>~</c> is the user's home folder.</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory;

    /// <summary>Context window per in-flight request, in tokens (prompt plus reply).</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>CPU threads per request; null lets llama.cpp choose.</summary>
    public int? Threads { get; init; }

    /// <summary>Layers offloaded to the GPU (needs a GPU backend package); 0 runs on the CPU.</summary>
    public int GpuLayers { get; init; }

    /// <summary>Sampling seed when a request carries none.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Tokens decoded per batch while reading the prompt.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>The file that will be loaded: <see cref="ModelPath"/>, or the cache path of the Hugging Face file.</summary>
    [JsonIgnore]
    public string ResolvedModelFile => ModelPath ?? HuggingFace?.CachePath(CacheDirectory)
        ?? throw new InvalidOperationException("provider.local names no model");

    /// <summary>
    /// Makes paths absolute (relative to <paramref name="baseDirectory"/>, <c>~</c> expanded) and adds every problem the
    /// schema cannot express to <paramref name="problems"/>.
    /// </summary>
    public LocalModelOptions Resolve(string baseDirectory, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var resolved = this with
        {
            ModelPath = ModelPath is null ? null : Path.GetFullPath(ExpandHome(ModelPath), baseDirectory),
            CacheDirectory = Path.GetFullPath(ExpandHome(CacheDirectory), baseDirectory),
        };
        if (resolved.ModelPath is null && resolved.HuggingFace is null)
        {
            problems.Add("$.provider.local: the local provider needs modelPath (a GGUF file) or huggingFace (repository and file); or pass --model PATH");
        }
        else if (resolved.ModelPath is not null && resolved.HuggingFace is not null)
        {
            problems.Add("$.provider.local: set modelPath or huggingFace, not both");
        }
        else if (resolved.ModelPath is { } path && !File.Exists(path))
        {
            problems.Add($"$.provider.local.modelPath: file not found: {path}");
        }

        if (resolved.HuggingFace is { } hub)
        {
            if (hub.Repository.Split('/').Any(p => p is "" or "." or "..") || hub.File.Split('/').Any(p => p is "" or "." or ".."))
            {
                problems.Add("$.provider.local.huggingFace: repository and file must be relative names without '.' or '..' segments");
            }

            if (hub.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add("$.provider.local.huggingFace.baseUrl: must be an absolute http or https URL");
            }
        }

        return resolved;
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
}
