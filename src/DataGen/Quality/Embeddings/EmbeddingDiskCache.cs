using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DataGen.Quality.Embeddings;

/// <summary>
/// Vectors of a fixed list of texts kept on disk between runs, keyed by the model and every text (SHA-256), so a run
/// does not embed the same eval sentences again at start-up. Under <c>$XDG_CACHE_HOME/datagen/embeddings</c> (or
/// <c>~/.cache/...</c>); a file is written to a temporary name and moved into place, so a reader never sees half of one.
/// The cache only saves time: a missing, short or unreadable file means the texts are embedded again.
/// </summary>
public static class EmbeddingDiskCache
{
    /// <summary>The cache folder: <c>DATAGEN_CACHE_DIR</c> when set, else the XDG cache folder.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable("DATAGEN_CACHE_DIR") is { Length: > 0 } explicitFolder
            ? Path.Combine(explicitFolder, "embeddings")
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "datagen", "embeddings");

    /// <summary>
    /// The vectors for <paramref name="texts"/> (one per text, <paramref name="dimensions"/> floats each), from the
    /// cache under <paramref name="folder"/> (null: <see cref="Folder"/>) or from <paramref name="embed"/>.
    /// </summary>
    public static async Task<float[][]> GetOrAddAsync(string model, int dimensions, IReadOnlyList<string> texts, Func<Task<float[][]>> embed, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(embed);
        var path = Path.Combine(folder ?? Folder, $"{Key(model, dimensions, texts)}.f32");
        if (TryRead(path, texts.Count, dimensions) is { } cached)
        {
            return cached;
        }

        var vectors = await embed();
        if (vectors.Length == texts.Count && vectors.All(v => v.Length == dimensions))
        {
            TryWrite(path, vectors);
        }

        return vectors;
    }

    private static string Key(string model, int dimensions, IReadOnlyList<string> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{model}\u0000{dimensions}\u0000{texts.Count}\u0000"));
        foreach (var text in texts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static float[][]? TryRead(string path, int count, int dimensions)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != count * dimensions * sizeof(float))
            {
                return null;
            }

            var floats = MemoryMarshal.Cast<byte, float>(bytes);
            var vectors = new float[count][];
            for (var i = 0; i < count; i++)
            {
                vectors[i] = floats.Slice(i * dimensions, dimensions).ToArray();
            }

            return vectors;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Why ignored: no cache file (the first run) or an unreadable one; embedding again gives the same vectors.
            return null;
        }
    }

    private static void TryWrite(string path, float[][] vectors) => TryWriteFile(path, stream =>
    {
        foreach (var vector in vectors)
        {
            stream.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
        }
    });

    /// <summary>
    /// Writes a cache file through <paramref name="write"/> under a temporary name and moves it into place, so a reader
    /// never sees half of one; false (and no file left behind) when the folder cannot be made or written.
    /// </summary>
    internal static bool TryWriteFile(string path, Action<Stream> write)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = File.Create(temporary))
            {
                write(stream);
            }

            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Why ignored: a read-only home or a full disk must not fail a run; the cache only saves time.
            TryDelete(temporary);
            return false;
        }
    }

    /// <summary>Removes a cache file if it can; one that cannot be removed is at worst replaced or read again.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Why ignored: nothing more can be done about a file that cannot be removed.
        }
    }
}
