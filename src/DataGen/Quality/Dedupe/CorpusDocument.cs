namespace DataGen.Quality.Dedupe;

/// <summary>One document of a corpus being deduplicated, and where it was read (file and line or row) for errors.</summary>
public sealed record CorpusDocument(string Id, string Text, string Source);
