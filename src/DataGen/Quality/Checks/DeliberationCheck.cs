using System.Text.RegularExpressions;
using DataGen.Configuration;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// Stories and advice replies must show deliberation, not only a verdict or a chain of "because": an alternative is
/// raised (a course someone could take, a tempting shortcut, an option) and turned down with what it would lead to
/// (the same sentence or the next turns against it, "but", "yet", "that would ...", and says what would follow or what
/// it would cost), and the text names at least <see cref="DeliberationOptions.MinConsiderations"/> considerations
/// (sentences about an outcome, a cost or a comparison). Reason <c>no_deliberation</c>. Marker words alone
/// ("because", "values", "trust") count for nothing. Documents are kept: their genre decides their register.
/// </summary>
public sealed partial class DeliberationCheck(DeliberationOptions options) : IQualityCheck
{
    public string Name => "deliberation";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(options);
        if (sample.Kind == DataKind.Documents)
        {
            return CheckVerdict.Keep;
        }

        var sentences = SentenceBreak().Split(TextStats.AnswerText(sample)).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        // Whether each sentence names an outcome or a comparison, asked once per sentence: the loop needs it for the
        // sentence itself and again as the next sentence of an alternative, and the regexes are most of the check's cost.
        var considered = new bool?[sentences.Length];
        var rejected = 0;
        var considerations = 0;
        for (var i = 0; i < sentences.Length; i++)
        {
            var sentence = sentences[i];
            if (Considers(i))
            {
                considerations++;
            }

            if (Alternative().Match(sentence) is not { Success: true } alternative)
            {
                continue;
            }

            // Turned down in the same sentence ("would not take the shortcut", "could ..., but ...") or by the next one,
            // and the turn says what would follow.
            var around = sentence.Remove(alternative.Index, alternative.Length);
            var turnedHere = Turn().IsMatch(around) && Considers(i);
            var turnedNext = i + 1 < sentences.Length && (Turn().IsMatch(sentences[i + 1]) || TurnOpening().IsMatch(sentences[i + 1])) && Considers(i + 1);
            if (turnedHere || turnedNext)
            {
                rejected++;
            }

            // Both counts only grow and a keep carries no detail, so the rest of the text cannot change the verdict.
            if (rejected >= options.MinRejectedAlternatives && considerations >= options.MinConsiderations)
            {
                return CheckVerdict.Keep;
            }
        }

        bool Considers(int index) => considered[index] ??= Consequence().IsMatch(sentences[index]) || Weighing().IsMatch(sentences[index]);

        return rejected >= options.MinRejectedAlternatives && considerations >= options.MinConsiderations
            ? CheckVerdict.Keep
            : CheckVerdict.Drop("no_deliberation", $"{rejected} alternatives weighed and turned down (at least {options.MinRejectedAlternatives}), {considerations} considerations named (at least {options.MinConsiderations})");
    }

    [GeneratedRegex(@"(?<=[.!?…])[""”’)]*\s+|\n+")]
    private static partial Regex SentenceBreak();

    // A course of action someone could take: a modal with an action (not perception: "could see"), an option word, or
    // a course named by its gerund with what it would do ("going around the review would cost their trust").
    [GeneratedRegex(@"\b(?:could|might|should)\s+(?:have\s+|just\s+|simply\s+|easily\s+|also\s+|always\s+|quietly\s+)?(?!see\b|hear\b|feel\b|smell\b|sense\b|tell\s+(?:that|how|from)\b|not\b|barely\b|hardly\b|only\b|be\b|almost\b|never\b)[a-z]+|\b(?:the|an?|one|another|other)\s+(?:option|alternative|choice|shortcut|way\s+out)\b|\b(?:tempt(?:ing|ed|ation)|easier|simplest|quickest|cheapest|safest)\b|\b(?:thought\s+about|considered|weighed|wondered\s+(?:whether|if)|what\s+if|was\s+tempted)\b|\bpart\s+of\s+(?:him|her|it|me|them|you)\s+wanted\b|\b(?:you|i|we)\s+can\s+(?!see\b|hear\b|feel\b)[a-z]+|\bone\s+way\b|\bor\s+(?:you|she|he|it|they|i|we)\s+(?:could|can|might)\b|\b(?!(?:nothing|something|anything|everything|morning|evening|thing|being|during)\b)[a-z]{2,}ing\b[^.;:,!?]{0,40}?\b(?:would|could|might|will)\s+(?!not\b)\w+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Alternative();

    [GeneratedRegex(@"\b(?:but|yet|however|instead|rather\s+than|though|although|except|still|no\s+longer|never|only\s+if|unless|the\s+trouble|the\s+problem|the\s+catch|would\s+not|wouldn't|will\s+not|won't|did\s+not|didn't|decided\s+against|chose\s+not|refused|rejected|turned\s+(?:it\s+)?down|set\s+it\s+(?:down|aside)|against\s+it)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Turn();

    // A next sentence that answers the option with its outcome: "That would mean ...", "Doing so would ...".
    [GeneratedRegex(@"^(?:[""“‘]?)(?:that|this|it|doing\s+so|which|then|no|not|and\s+then|if\s+(?:she|he|it|they|you|i|we)\s+did)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TurnOpening();

    // What a course of action would lead to.
    [GeneratedRegex(@"\b(?:would|will|wouldn't|won't)\s+(?!rather\b|like\b|you\b)\w+|\b(?:could|might|may)\s+(?:\w+\s+)?(?:cost|backfire|hurt|harm|break|ruin|undo|lose|damage|mean|fail|end)\w*\b|\bif\s+\w+|\bat\s+the\s+(?:cost|expense|price)\s+of\b|\bin\s+exchange\s+for\b|\bwhich\s+meant\b|\bwould\s+have\b|\bmeant\s+that\b|\bso\s+that\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Consequence();

    // A comparison of what is at stake.
    [GeneratedRegex(@"\b(?:outweigh\w*|worth|more\s+than|less\s+than|weigh\w*|trade-?offs?|on\s+balance|mattered\s+more|matters\s+more|more\s+important|the\s+(?:cost|price|risk)|whether)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Weighing();
}
