namespace DataGen.Generation;

/// <summary>A listed name found in generated text, with the rejection reason it maps to.</summary>
public sealed record NameHit(string Name, string Reason);
