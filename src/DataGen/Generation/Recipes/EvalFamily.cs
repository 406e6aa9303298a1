namespace DataGen.Generation.Recipes;

/// <summary>One family of held-out eval items (blackmail, replacement, ...) and the phrase that names it in prompts.</summary>
public sealed record EvalFamily(string Id, string Description);
