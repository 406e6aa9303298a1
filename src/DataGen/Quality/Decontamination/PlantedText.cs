namespace DataGen.Quality.Decontamination;

/// <summary>
/// One text of a planted decontamination set: its category (verbatim, light_edit, retelling, name_variant, clean), the
/// eval item or reserved name it was planted from (null for clean controls), and the text.
/// </summary>
public sealed record PlantedText(string Id, string Category, string? Item, string Text);
