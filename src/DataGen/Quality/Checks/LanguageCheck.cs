using DataGen.Configuration;
using DataGen.Generation;
using Lingua;

namespace DataGen.Quality.Checks;

/// <summary>
/// Text in a language other than the configured one (<c>generation.documents.language</c>, English by default), found
/// by Lingua paragraph by paragraph: a paragraph of at least <see cref="LanguageCheckOptions.MinParagraphLetters"/>
/// letters counts with its words; when more than <see cref="LanguageCheckOptions.MaxOtherShare"/> of the counted
/// words sit in paragraphs of another language, the sample drops with reason <c>wrong_language</c>. A line of French
/// dialogue in an English story stays; a story that switches to French halfway does not. Shorter paragraphs are not
/// counted (too little evidence), so a text with none is kept. Every kind; chats are judged on every turn. With
/// English expected, a paragraph that is plainly English (<see cref="PlainEnglish"/>) counts as English without
/// asking Lingua, and Lingua is asked only while the paragraphs it has not yet settled could still carry the sample
/// past the allowed share (so a story with one terse paragraph among plain ones keeps without the model).
/// </summary>
public sealed class LanguageCheck : IQualityCheck
{
    private readonly Language _expected;
    private readonly LanguageCheckOptions _options;
    private readonly bool _prefilter;
    private readonly bool _bound;

    /// <exception cref="ArgumentException">Lingua has no language called <paramref name="language"/>.</exception>
    public LanguageCheck(string language, LanguageCheckOptions options)
        : this(language, options, prefilter: true)
    {
    }

    /// <param name="language">The language the text must be in.</param>
    /// <param name="options">The check's settings.</param>
    /// <param name="prefilter">
    /// Whether a paragraph that is plainly English (<see cref="PlainEnglish"/>) skips Lingua when English is expected,
    /// and Lingua is skipped once the paragraphs left cannot change the verdict; false asks Lingua about every counted
    /// paragraph (to compare the two).
    /// </param>
    internal LanguageCheck(string language, LanguageCheckOptions options, bool prefilter)
    {
        ArgumentNullException.ThrowIfNull(language);
        ArgumentNullException.ThrowIfNull(options);
        _expected = LanguageIdentifier.Parse(language)
            ?? throw new ArgumentException($"language '{language}' is not one Lingua identifies (e.g. English, French, German)", nameof(language));
        _options = options;
        _prefilter = prefilter && _expected == Language.English;
        _bound = prefilter;
    }

    public string Name => "language";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var text = sample.Messages is { } messages ? string.Join("\n\n", messages.Select(m => m.Content)) : sample.Text ?? string.Empty;
        var counted = 0;
        var undecidedWords = 0;
        List<(string Paragraph, int Words)>? undecided = null;
        foreach (var paragraph in TextStats.Paragraphs(text))
        {
            if (Letters(paragraph) < _options.MinParagraphLetters)
            {
                continue;
            }

            var words = TextStats.CountWords(paragraph);
            counted += words;
            if (_prefilter && PlainEnglish.Is(paragraph))
            {
                CheckMetrics.LanguageParagraphs.Add(1, new KeyValuePair<string, object?>("by", "prefilter"));
                continue;
            }

            (undecided ??= []).Add((paragraph, words));
            undecidedWords += words;
        }

        // Only undecided paragraphs can hold words of another language, so while all of them together stay within the
        // allowed share the sample keeps whatever Lingua would say of them: the same verdict, without the model (most
        // undecided paragraphs are terse English prose a story or two carries, and Lingua costs milliseconds each).
        var allowed = _options.MaxOtherShare * counted;
        if (undecided is null || (_bound && undecidedWords <= allowed))
        {
            CheckMetrics.LanguageParagraphs.Add(undecided?.Count ?? 0, new KeyValuePair<string, object?>("by", "bound"));
            return CheckVerdict.Keep;
        }

        var detector = LanguageIdentifier.For(_expected);
        int other = 0, remaining = undecidedWords;
        var others = new Dictionary<Language, int>();
        for (var i = 0; i < undecided.Count; i++)
        {
            var (paragraph, words) = undecided[i];
            CheckMetrics.LanguageParagraphs.Add(1, new KeyValuePair<string, object?>("by", "lingua"));
            var language = detector.DetectLanguageOf(paragraph);
            remaining -= words;
            if (language != _expected && language != Language.Unknown)
            {
                other += words;
                others[language] = others.GetValueOrDefault(language) + words;
            }

            if (_bound && other + remaining <= allowed)
            {
                // The rest cannot tip the sample over the share any more (the same bound as above).
                CheckMetrics.LanguageParagraphs.Add(undecided.Count - i - 1, new KeyValuePair<string, object?>("by", "bound"));
                return CheckVerdict.Keep;
            }
        }

        if (other <= allowed)
        {
            return CheckVerdict.Keep;
        }

        var main = others.MaxBy(kv => kv.Value).Key;
        return CheckVerdict.Drop("wrong_language", $"{other} of {counted} words in paragraphs of another language (mostly {main}), expected {_expected}");
    }

    private static int Letters(string paragraph)
    {
        var letters = 0;
        foreach (var c in paragraph)
        {
            letters += char.IsLetter(c) ? 1 : 0;
        }

        return letters;
    }
}
