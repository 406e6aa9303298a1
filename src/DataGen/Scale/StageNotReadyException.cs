namespace DataGen.Scale;

/// <summary>A stage was asked to start before every commit of the stage before it exists; the message names the missing shards.</summary>
public sealed class StageNotReadyException : Exception
{
    public StageNotReadyException()
    {
    }

    public StageNotReadyException(string message)
        : base(message)
    {
    }

    public StageNotReadyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
