namespace DataGen.Generation;

/// <summary>The names a kind goes by in output folders, Parquet rows and on the command line.</summary>
public static class DataKindNames
{
    public static IReadOnlyList<DataKind> All { get; } = [.. KindCatalog.All.Select(e => e.Kind)];

    /// <summary>Folder and <c>kind</c> column value: documents, stories, advice_chats.</summary>
    public static string Name(this DataKind kind) => KindCatalog.Get(kind).Name;

    /// <summary>Parses a kind name as written on the command line (documents, stories, advice_chats or advice-chats).</summary>
    public static bool TryParse(string value, out DataKind kind)
    {
        ArgumentNullException.ThrowIfNull(value);
        var normalized = value.Trim().ToLowerInvariant().Replace('-', '_');
        foreach (var candidate in All)
        {
            if (candidate.Name() == normalized)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
