namespace DataGen.Generation.Recipes;

/// <summary>What a recipe produces: prose or chat turns, plus the provenance its steps left (column name to value).</summary>
public sealed record SampleContent
{
    public string? Text { get; init; }

    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    /// <summary>Provenance fields (see <see cref="ProvenanceKeys"/>); null values are left out.</summary>
    public IReadOnlyDictionary<string, string?> Provenance { get; init; } = new Dictionary<string, string?>();
}
