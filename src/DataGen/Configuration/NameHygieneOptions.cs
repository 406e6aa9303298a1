namespace DataGen.Configuration;

/// <summary>
/// Names kept out of generated text. Banned names are overused by models (mode collapse); reserved names belong to the
/// held-out evals and must never be trained on; real names are real products, companies and labs.
/// </summary>
public sealed record NameHygieneOptions
{
    /// <summary>Overused names: told to every drafting prompt; stories get them replaced, other kinds are rejected (<c>banned_name</c>).</summary>
    public IReadOnlyList<string> BannedNames { get; init; } = ["Chen", "Johnson", "Miller", "Smith", "Martinez", "Sarah", "Emily"];

    /// <summary>Names from the held-out evals: stories get them replaced, other kinds are rejected (<c>reserved_name</c>).</summary>
    public IReadOnlyList<string> ReservedNames { get; init; } = ["Alex", "Kyle Johnson", "SummitBridge", "NovaStar"];

    /// <summary>
    /// Further real products, companies and labs beyond the gazetteer (whole words, case-sensitive): any kind is
    /// rejected (<c>real_name</c>).
    /// </summary>
    public IReadOnlyList<string> RealNames { get; init; } = [];

    /// <summary>
    /// The gazetteer of real organisations and products (see <see cref="Generation.Gazetteer"/> for the line format);
    /// null uses the shipped <c>datasets/gazetteer/organisations.txt</c>, embedded in the library. Any kind naming one is
    /// rejected (<c>real_name</c>).
    /// </summary>
    public string? Gazetteer { get; init; }
}
