namespace DataGen.Reporting;

/// <summary>A reviewer's current verdict on a row as the report needs it: the value and the hash of the content judged.</summary>
public sealed record ReviewerVerdict(string Key, string Value, string? ContentHash);
