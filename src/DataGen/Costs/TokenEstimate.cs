namespace DataGen.Costs;

/// <summary>
/// The one token estimate of the code base: <see cref="CharsPerToken"/> characters a token, the rule of thumb OpenAI
/// and Anthropic publish for English text. <c>datagen plan</c> and <c>--dry-run</c> estimate with it, the simulator
/// reports its usage with it and the rate limiter sizes a request's token cost with it, so an estimate and a simulated
/// run count the same text as the same number of tokens. A real provider's usage figures come from its own tokenizer.
/// </summary>
public static class TokenEstimate
{
    /// <summary>Characters a token.</summary>
    public const int CharsPerToken = 4;

    /// <summary>
    /// Tokens a word of English prose: about 6 characters a word with its space and punctuation (measured: 6.3 in
    /// the shipped constitution, 5.8 to 6.0 in the simulator's stories and documents) at <see cref="CharsPerToken"/>
    /// characters a token. What a prompt's stated length in words is worth in tokens.
    /// </summary>
    public const double TokensPerWord = 1.5;

    /// <summary>Tokens of <paramref name="characters"/> characters of text.</summary>
    public static long OfChars(long characters) => characters / CharsPerToken;

    /// <summary>Tokens of <paramref name="text"/> (0 for null).</summary>
    public static long Of(string? text) => OfChars(text?.Length ?? 0);

    /// <summary>Tokens of <paramref name="words"/> words of prose.</summary>
    public static long OfWords(double words) => (long)Math.Round(words * TokensPerWord);
}
