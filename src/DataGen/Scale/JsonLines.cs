using System.Text.Json;

namespace DataGen.Scale;

/// <summary>The working files of a sharded run: one JSON object a line, written durably (fsynced) before a commit.</summary>
public static class JsonLines
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static void Write<T>(string path, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        foreach (var item in items)
        {
            JsonSerializer.Serialize(stream, item, Options);
            stream.WriteByte((byte)'\n');
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads a file written by <see cref="Write{T}"/>; a missing file is empty.</summary>
    public static List<T> Read<T>(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<T>(l, Options)!)];
    }
}
