namespace DataGen.Seeds;

/// <summary>
/// Where a kind's seeds come from. Some kinds first ask the model for lists (document types and subtypes; principles
/// and prompt types for advice); those calls run here, before the first seed is yielded. Contract: the same config,
/// run seed and model replies give the same seeds and ids, in the same order; a list that comes back empty after its
/// give-up bound throws, which fails the kind.
/// </summary>
public interface ISeedSource
{
    /// <summary>Yields up to <paramref name="count"/> seeds in order.</summary>
    IAsyncEnumerable<Seed> PlanAsync(int count, CancellationToken cancellationToken);
}
