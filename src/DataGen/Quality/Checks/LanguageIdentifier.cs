using System.Collections.Concurrent;
using Lingua;

namespace DataGen.Quality.Checks;

/// <summary>
/// Lingua's detector (SearchPioneer.Lingua, n-gram models shipped with the package), restricted to the languages a
/// generating model plausibly drifts into plus the configured one, built once per language set on first use and
/// shared: the detector loads its models lazily and is safe to call from several threads.
/// </summary>
internal static class LanguageIdentifier
{
    /// <summary>Widely written languages a model may answer in instead of the one asked for.</summary>
    private static readonly Language[] Candidates =
    [
        Language.English, Language.French, Language.German, Language.Spanish, Language.Portuguese, Language.Italian,
        Language.Dutch, Language.Swedish, Language.Danish, Language.Bokmal, Language.Finnish, Language.Polish,
        Language.Czech, Language.Romanian, Language.Hungarian, Language.Turkish, Language.Russian, Language.Ukrainian,
        Language.Greek, Language.Arabic, Language.Hebrew, Language.Hindi, Language.Chinese, Language.Japanese,
        Language.Korean, Language.Indonesian, Language.Vietnamese, Language.Catalan, Language.Latin,
    ];

    private static readonly ConcurrentDictionary<Language, Lazy<LanguageDetector>> Detectors = new();

    /// <summary>The Lingua language named <paramref name="name"/> ("English", "french"), or null when Lingua has none.</summary>
    public static Language? Parse(string name) =>
        Enum.TryParse<Language>(name.Trim(), ignoreCase: true, out var language) && language != Language.Unknown && Enum.IsDefined(language)
            ? language
            : null;

    /// <summary>The shared detector for the candidate set plus <paramref name="expected"/>.</summary>
    public static LanguageDetector For(Language expected) =>
        Detectors.GetOrAdd(expected, e => new Lazy<LanguageDetector>(
            () => LanguageDetectorBuilder.FromLanguages([.. Candidates.Append(e).Distinct()]).WithLowAccuracyMode().Build(),
            LazyThreadSafetyMode.ExecutionAndPublication)).Value;
}
