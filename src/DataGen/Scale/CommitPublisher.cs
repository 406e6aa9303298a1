using System.Runtime.InteropServices;
using System.Text.Json;

namespace DataGen.Scale;

/// <summary>
/// Publishes a task's commit record exactly once. The record is written and fsynced inside the attempt's private
/// folder, the folder is fsynced, then the record is hard-linked to its final name with <c>link(2)</c>, which fails
/// with EEXIST when any other attempt got there first: the first attempt wins, a late duplicate learns it lost.
/// (<c>File.Move(..., overwrite: false)</c> was seen to report success to two racing processes, so it is not used.)
/// </summary>
public static partial class CommitPublisher
{
    private const int Eexist = 17;
    private const int OReadOnly = 0;

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>True when this attempt's record is now the commit; false when another attempt committed first.</summary>
    public static bool TryPublish(string attemptFolder, string commitFile, CommitRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var staged = Path.Combine(attemptFolder, "commit.json");
        WriteDurably(staged, JsonSerializer.SerializeToUtf8Bytes(record, Json));
        SyncDirectory(attemptFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(commitFile)!);
        var linked = TryLink(staged, commitFile);
        SyncDirectory(Path.GetDirectoryName(commitFile)!);
        return linked;
    }

    /// <summary>Create-if-absent for a whole file: written to a private name, fsynced, then linked into place.</summary>
    public static bool TryCreate(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var staged = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            WriteDurably(staged, content);
            var linked = TryLink(staged, path);
            SyncDirectory(Path.GetDirectoryName(path)!);
            return linked;
        }
        finally
        {
            File.Delete(staged);
        }
    }

    public static CommitRecord? Read(string commitFile) =>
        File.Exists(commitFile) ? JsonSerializer.Deserialize<CommitRecord>(File.ReadAllBytes(commitFile), Json) : null;

    /// <summary>Writes a file and flushes it to disk.</summary>
    public static void WriteDurably(string path, byte[] content)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>fsync of a directory, so a new name in it survives a crash (best effort where the OS refuses).</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(directory, OReadOnly);
        if (fd < 0)
        {
            return;
        }

        _ = Fsync(fd);
        _ = Close(fd);
    }

    private static bool TryLink(string existing, string target)
    {
        if (Link(existing, target) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == Eexist)
        {
            return false;
        }

        throw new IOException($"link({existing}, {target}) failed with errno {errno}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string target);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
