using System.Text.Json;

namespace DataGen.Output;

/// <summary>
/// One writer per output folder: an exclusive OS lock on <c>OUT/.datagen.lock</c> (flock on Unix, a sharing lock on
/// Windows) held until disposed, with the holder's pid, host and start time in <c>OUT/.datagen.lock.json</c>. The OS
/// releases the lock when its process dies, so a lock file left by a killed run is simply taken over; the holder file
/// it left is then only reported. Sharded stage tasks do not take it: they keep their own per-task protocol.
/// </summary>
public sealed class OutputFolderLock : IDisposable
{
    /// <summary>The locked file under the output folder.</summary>
    public const string LockFile = ".datagen.lock";

    /// <summary>Who holds the lock, written after it is taken.</summary>
    public const string HolderFile = ".datagen.lock.json";

    private readonly FileStream _stream;
    private readonly string _holderPath;

    private OutputFolderLock(FileStream stream, string holderPath, LockHolder? previous)
    {
        _stream = stream;
        _holderPath = holderPath;
        TakenOver = previous;
    }

    /// <summary>The holder recorded by a process that died holding the lock, when this one took it over.</summary>
    public LockHolder? TakenOver { get; }

    /// <summary>
    /// Creates the folder if needed and takes its lock.
    /// </summary>
    /// <exception cref="OutputFolderLockedException">Another live process holds it; the message names that process.</exception>
    /// <exception cref="IOException">The folder cannot be created or written (read-only, a file, a symlink loop); the message names the path.</exception>
    public static OutputFolderLock Acquire(string folder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(time);
        var lockPath = Path.Combine(folder, LockFile);
        var holderPath = Path.Combine(folder, HolderFile);
        FileStream stream;
        try
        {
            Directory.CreateDirectory(folder);
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (File.Exists(lockPath) && IsSharingViolation(ex))
        {
            var holder = ReadHolder(holderPath);
            throw new OutputFolderLockedException(
                $"{folder}: another datagen run is writing this output folder ({(holder is null ? "holder unknown" : holder.Describe())}); wait for it to finish or use another --out");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{folder}: cannot use as the output folder: {ex.Message}", ex);
        }

        try
        {
            var previous = ReadHolder(holderPath);
            var holder = new LockHolder(Environment.ProcessId, Environment.MachineName, time.GetUtcNow());
            File.WriteAllText(holderPath, JsonSerializer.Serialize(holder, LockHolder.Json));
            return new OutputFolderLock(stream, holderPath, previous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw new IOException($"{folder}: cannot write the output folder: {ex.Message}", ex);
        }
    }

    /// <summary>The recorded holder, or null when there is none (or it cannot be read).</summary>
    public static LockHolder? ReadHolder(string holderPath)
    {
        try
        {
            return File.Exists(holderPath) ? JsonSerializer.Deserialize<LockHolder>(File.ReadAllText(holderPath), LockHolder.Json) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // A holder file half written by a killed process says nothing useful; the OS lock is what decides.
            return null;
        }
    }

    public void Dispose()
    {
        // The holder file goes first, while the lock is still held, so it never names a process that let go.
        try
        {
            File.Delete(_holderPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind it is harmless: the next holder overwrites it and reports it as taken over.
        }

        _stream.Dispose();
    }

    private static bool IsSharingViolation(IOException ex) =>
        ex is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException
        && (OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult == 11 || ex.Message.Contains("being used by another process", StringComparison.Ordinal));
}
