namespace DataGen.Providers.Local;

/// <summary>A GBNF grammar whose every sentence fits in a known number of tokens.</summary>
/// <param name="Gbnf">The grammar text in llama.cpp's GBNF.</param>
/// <param name="Root">The start rule.</param>
/// <param name="StringLength">Most units (characters or two-character escapes) an unbounded string may hold.</param>
/// <param name="MaxTokens">Most tokens any sentence of the grammar can take.</param>
public sealed record BoundedGrammar(string Gbnf, string Root, int StringLength, int MaxTokens);
