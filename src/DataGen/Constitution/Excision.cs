namespace DataGen.Constitution;

/// <summary>
/// A constitution passage declared excised for generation with <c>&lt;!-- excise: reason --&gt;</c> ...
/// <c>&lt;!-- /excise --&gt;</c>: it stays in the file (and its hash) but never reaches a prompt, because an
/// eval-shaped example quoted into every draft steers the data toward the eval.
/// </summary>
public sealed record Excision(int Line, string Reason, string Text);
