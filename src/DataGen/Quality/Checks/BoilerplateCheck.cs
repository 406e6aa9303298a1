using System.Buffers;
using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>Refusals and assistant boilerplate ("as an AI language model"): <c>boilerplate</c>.</summary>
public sealed class BoilerplateCheck : IQualityCheck
{
    private readonly IReadOnlyList<string> _phrases;

    // One multi-string search (case-insensitive) over the text instead of one scan per phrase: most samples have none.
    private readonly SearchValues<string>? _any;

    public BoilerplateCheck(IReadOnlyList<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        _phrases = phrases;
        var nonEmpty = phrases.Where(p => p.Length > 0).ToArray();
        _any = nonEmpty.Length == 0 ? null : SearchValues.Create(nonEmpty, StringComparison.OrdinalIgnoreCase);
    }

    public string Name => "boilerplate";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        // Curly apostrophes are folded so "I’m sorry" matches "i'm sorry".
        var text = sample.Content.Replace('\u2019', '\'');
        if (_any is null || text.AsSpan().IndexOfAny(_any) < 0)
        {
            return CheckVerdict.Keep;
        }

        // The reported phrase is the first listed one the text contains.
        var phrase = _phrases.First(p => p.Length > 0 && text.Contains(p, StringComparison.OrdinalIgnoreCase));
        return CheckVerdict.Drop("boilerplate", $"contains \"{phrase}\"");
    }
}
