namespace DataGen.Configuration;

/// <summary>
/// Names kept out of generated text. Banned names are overused by models (mode collapse); real names are real products,
/// companies and labs. Reserved names (the held-out evals') have one list, <c>quality.decontamination.reservedNameList</c>,
/// which name hygiene and the decontamination gate match the same way; <c>generation.nameHygiene.reservedNames</c> is retired.
/// </summary>
public sealed record NameHygieneOptions
{
    /// <summary>Overused names: told to every drafting prompt; stories get them replaced, other kinds are rejected (<c>banned_name</c>).</summary>
    public IReadOnlyList<string> BannedNames { get; init; } = ["Chen", "Johnson", "Miller", "Smith", "Martinez", "Sarah", "Emily"];

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
