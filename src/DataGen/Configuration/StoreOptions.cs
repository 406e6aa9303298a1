namespace DataGen.Configuration;

/// <summary>The SQLite response store: every completed call, keyed by a hash of the request.</summary>
public sealed record StoreOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Database file; null puts <c>responses.db</c> in the output folder.</summary>
    public string? Path { get; init; }
}
