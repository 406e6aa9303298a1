namespace DataGen.Generation;

/// <summary>The result of parsing a model reply: the fields it carried, or what was wrong with it.</summary>
public sealed record ParseResult
{
    public IReadOnlyDictionary<string, string>? Fields { get; init; }

    /// <summary>Why the reply does not parse, phrased so the model can be told and try again.</summary>
    public string? Error { get; init; }

    public bool Ok => Fields is not null;

    public static ParseResult Success(IReadOnlyDictionary<string, string> fields) => new() { Fields = fields };

    public static ParseResult Failure(string error) => new() { Error = error };
}
