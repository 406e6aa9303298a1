using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using DataGen.Configuration;
using Microsoft.Extensions.Logging;

namespace DataGen.Providers.Local;

/// <summary>
/// Fetches a Hugging Face GGUF file into the cache folder once: streams it to <c>&lt;file&gt;.part</c>, resumes from
/// the part's length with a <c>Range</c> request after a cut connection (restarting when the server ignores
/// <c>Range</c>), checks the published SHA-256 when one is given, and only then renames it to its final name. A file
/// under the final name is therefore always complete (and verified, where a hash was given).
/// </summary>
/// <remarks>The access token is read from the named environment variable, sent only as a header and never logged.</remarks>
public sealed class ModelDownloader
{
    /// <summary>Suffix of a download in progress.</summary>
    public const string PartSuffix = ".part";

    private const int BufferSize = 1 << 20;

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxAttempts;
    private readonly TimeSpan _retryDelay;

    public ModelDownloader(HttpClient http, ILogger<ModelDownloader> logger, TimeProvider time, int maxAttempts = 5, TimeSpan? retryDelay = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _http = http;
        _logger = logger;
        _time = time;
        _maxAttempts = maxAttempts;
        _retryDelay = retryDelay ?? TimeSpan.FromSeconds(2);
    }

    /// <summary>Returns the cached file, downloading it first when it is not there.</summary>
    /// <exception cref="ConfigException">The download does not match the configured SHA-256 (the partial file is deleted).</exception>
    /// <exception cref="HttpRequestException">The server refused the file, or every attempt was cut off.</exception>
    public async Task<string> EnsureAsync(HuggingFaceModelOptions model, string cacheDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var target = model.CachePath(cacheDirectory);
        if (File.Exists(target))
        {
            _logger.LogDebug("Model {Model} found in the cache at {Path}", model.File, target);
            return target;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var part = target + PartSuffix;
        var uri = model.DownloadUri;
        var token = Environment.GetEnvironmentVariable(model.TokenEnv);
        _logger.LogInformation("Downloading {Model} from {Url} to {Path}", model.File, uri, target);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadToPartAsync(uri, part, token, cancellationToken);
                break;
            }
            catch (Exception ex) when (attempt < _maxAttempts && IsInterruption(ex, cancellationToken))
            {
                var have = File.Exists(part) ? new FileInfo(part).Length : 0;
                _logger.LogWarning("Download of {Model} interrupted at {Bytes} bytes ({Reason}); resuming, attempt {Attempt}", model.File, have, ex.Message, attempt + 1);
                await Task.Delay(_retryDelay, _time, cancellationToken);
            }
        }

        if (model.Sha256 is { } expected)
        {
            var actual = await HashAsync(part, cancellationToken);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(part);
                throw new ConfigException(target,
                    $"$.provider.local.huggingFace.sha256: the downloaded {model.File} has SHA-256 {actual}, expected {expected.ToLowerInvariant()}; the download was deleted");
            }
        }

        File.Move(part, target);
        _logger.LogInformation("Downloaded {Model}: {Bytes} bytes", model.File, new FileInfo(target).Length);
        return target;
    }

    private async Task DownloadToPartAsync(Uri uri, string part, string? token, CancellationToken cancellationToken)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The part is no prefix of the file (or already longer): start over.
            File.Delete(part);
            throw new IOException("the server could not resume from the partial download; starting over");
        }

        response.EnsureSuccessStatusCode();
        var resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == have;
        if (have > 0 && !resumed)
        {
            _logger.LogInformation("Server did not resume {Url} from byte {Bytes}; downloading from the start", uri, have);
            have = 0;
        }

        var total = response.Content.Headers.ContentLength is { } length ? have + length : (long?)null;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        var buffer = new byte[BufferSize];
        var written = have;
        var nextReport = _time.GetTimestamp();
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            written += read;
            if (_time.GetElapsedTime(nextReport) >= TimeSpan.FromSeconds(5))
            {
                nextReport = _time.GetTimestamp();
                _logger.LogInformation("Downloading {Url}: {Bytes} of {Total} bytes", uri, written,
                    total?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
            }
        }

        if (total is { } expectedLength && written != expectedLength)
        {
            throw new IOException($"the connection closed after {written} of {expectedLength} bytes");
        }
    }

    private static bool IsInterruption(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // an HttpClient timeout, not the caller
        HttpRequestException http => http.StatusCode is null || (int)http.StatusCode >= 500,
        IOException => true,
        _ => false,
    };

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
