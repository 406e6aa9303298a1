namespace DataGen.Quality.Dedupe;

/// <summary>
/// What <see cref="CorpusDeduplicator"/> decided for one document: kept (no keeper), or dropped as an exact
/// (<see cref="Reason"/> <c>duplicate</c>, Jaccard 1) or near (<c>near_duplicate</c>) duplicate of <see cref="KeeperId"/>.
/// </summary>
public sealed record CorpusDecision(string Id, string? KeeperId, double Jaccard, string? Reason)
{
    public bool Kept => KeeperId is null;
}
