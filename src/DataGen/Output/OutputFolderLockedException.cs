namespace DataGen.Output;

/// <summary>Another live process holds the output folder's lock; the message names it.</summary>
public sealed class OutputFolderLockedException : Exception
{
    public OutputFolderLockedException()
    {
    }

    public OutputFolderLockedException(string message)
        : base(message)
    {
    }

    public OutputFolderLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
