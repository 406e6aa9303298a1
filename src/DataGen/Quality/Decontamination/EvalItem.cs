namespace DataGen.Quality.Decontamination;

/// <summary>One held-out evaluation item: its id (as the file names it), its text, and the file it came from.</summary>
public sealed record EvalItem(string Id, string Text, string Source);
