namespace DataGen.Output;

/// <summary>The response store a run used: where it is and how many responses it holds.</summary>
public sealed record ManifestStore(string Path, long Responses);
