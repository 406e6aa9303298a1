namespace DataGen.Quality.Dedupe;

/// <summary>
/// A document's distinct shingle fingerprints and MinHash signature: what <see cref="NearDuplicateIndex"/> needs to
/// match or keep it. Computing it is pure, so callers compute many at once over the cores
/// (<see cref="NearDuplicateIndex.Shingle"/>) and feed them to the index in order.
/// </summary>
public sealed record ShingledDocument(uint[] Fingerprints, uint[] Signature);
