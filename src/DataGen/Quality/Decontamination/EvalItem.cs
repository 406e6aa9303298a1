namespace DataGen.Quality.Decontamination;

/// <summary>
/// One held-out evaluation item: its id (as the file names it), its text, the file it came from, and its family
/// (blackmail, self_exfiltration, ...; null when the file gives none).
/// </summary>
public sealed record EvalItem(string Id, string Text, string Source, string? Family = null);
