namespace DataGen.Providers.Local;

/// <summary>A GGUF file published in a Hugging Face repository (<c>provider.local.huggingFace</c>).</summary>
public sealed record HuggingFaceModelOptions
{
    /// <summary>Repository id, e.g. <c>bartowski/Llama-3.2-1B-Instruct-GGUF</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>File inside the repository, e.g. <c>Llama-3.2-1B-Instruct-Q4_K_M.gguf</c>.</summary>
    public required string File { get; init; }

    /// <summary>Branch, tag or commit.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>Published SHA-256 of the file (hex); when set, a download that does not match is discarded.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Name of the environment variable holding an access token for gated repositories (never the token).</summary>
    public string TokenEnv { get; init; } = "HF_TOKEN";

    /// <summary>Base URL of the hub; files are fetched from <c>{baseUrl}/{repository}/resolve/{revision}/{file}</c>.</summary>
    public Uri BaseUrl { get; init; } = new("https://huggingface.co");

    /// <summary>Download URL of the file.</summary>
    public Uri DownloadUri => new(
        $"{BaseUrl.ToString().TrimEnd('/')}/{Repository}/resolve/{Uri.EscapeDataString(Revision)}/{string.Join('/', File.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>Where the file lives once downloaded: <c>{cache}/{owner}/{name}/{revision}/{file}</c>.</summary>
    public string CachePath(string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        var parts = new List<string> { cacheDirectory };
        parts.AddRange(Repository.Split('/', StringSplitOptions.RemoveEmptyEntries));
        parts.Add(Revision);
        parts.AddRange(File.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return Path.Combine([.. parts]);
    }
}
