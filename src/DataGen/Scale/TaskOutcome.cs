namespace DataGen.Scale;

/// <summary>How one task of a stage ended.</summary>
public enum TaskOutcome
{
    /// <summary>This attempt published the shard's commit.</summary>
    Committed,

    /// <summary>The shard was committed before this attempt started; nothing was done.</summary>
    AlreadyCommitted,

    /// <summary>Another attempt committed while this one ran; this attempt's scratch was removed.</summary>
    LostRace,
}
