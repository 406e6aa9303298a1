namespace DataGen.Constitution;

/// <summary>A loaded constitution: its principles in document order and the identity of the text they came from.</summary>
public sealed record ConstitutionDocument
{
    public required string SourcePath { get; init; }

    /// <summary>Title of the document (its single top-level heading, else the file name).</summary>
    public required string Title { get; init; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex: the constitution version recorded in manifests.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The whole text with persona placeholders filled, for steps that show the model everything.</summary>
    public required string FullText { get; init; }

    public required IReadOnlyList<Principle> Principles { get; init; }

    /// <summary>Passages between excision markers, left out of every principle and of <see cref="FullText"/>.</summary>
    public IReadOnlyList<Excision> Excisions { get; init; } = [];

    /// <summary>Finds a principle by id or throws with the known ids.</summary>
    public Principle Get(string id) =>
        Principles.FirstOrDefault(p => p.Id == id)
        ?? throw new KeyNotFoundException($"No principle '{id}' in {SourcePath}; known: {string.Join(", ", Principles.Select(p => p.Id))}");
}
