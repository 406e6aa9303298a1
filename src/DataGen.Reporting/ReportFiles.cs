namespace DataGen.Reporting;

/// <summary>What a report or comparison wrote: the HTML page and the PNG plots beside it.</summary>
public sealed record ReportFiles(string Html, IReadOnlyList<string> Images);
