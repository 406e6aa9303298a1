namespace DataGen.Constitution;

/// <summary>One principle of the constitution: a leaf section of the Markdown, addressed by its heading path.</summary>
public sealed record Principle
{
    /// <summary>Stable id from the heading path (slugs joined by '/'), independent of the section's position.</summary>
    public required string Id { get; init; }

    /// <summary>The principle's own heading text.</summary>
    public required string Title { get; init; }

    /// <summary>Headings from the top of the document down to this principle (the document title excluded).</summary>
    public required IReadOnlyList<string> HeadingPath { get; init; }

    /// <summary>The verbatim text of the section under its heading, persona placeholders filled.</summary>
    public required string Text { get; init; }

    /// <summary>1-based line of the principle's heading in the source file (0 for a file without headings).</summary>
    public required int Line { get; init; }
}
