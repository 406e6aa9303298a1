namespace DataGen.Prompts;

/// <summary>
/// A piece of prompt text inserted into templates as a value (a kind's preamble, an advice injection). The whole file
/// is the text; its id (path plus content hash) is recorded like a template's.
/// </summary>
public sealed record PromptSnippet(string Name, string Id, string Text);
