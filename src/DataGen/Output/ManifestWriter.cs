using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataGen.Output;

/// <summary>Writes and reads <c>manifest.json</c>; the write goes through a temporary file and a rename.</summary>
public static class ManifestWriter
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static async Task WriteAsync(string path, RunManifest manifest, CancellationToken cancellationToken)
    {
        var temporary = path + $".{Environment.ProcessId}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(stream, manifest, JsonOptions, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static async Task<RunManifest> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<RunManifest>(stream, JsonOptions, cancellationToken)
            ?? throw new InvalidDataException($"{path}: empty manifest");
    }
}
