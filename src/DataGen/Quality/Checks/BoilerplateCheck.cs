using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>Refusals and assistant boilerplate ("as an AI language model"): <c>boilerplate</c>.</summary>
public sealed class BoilerplateCheck(IReadOnlyList<string> phrases) : IQualityCheck
{
    public string Name => "boilerplate";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        // Curly apostrophes are folded so "I’m sorry" matches "i'm sorry".
        var text = sample.Content.Replace('\u2019', '\'');
        foreach (var phrase in phrases)
        {
            if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return CheckVerdict.Drop("boilerplate", $"contains \"{phrase}\"");
            }
        }

        return CheckVerdict.Keep;
    }
}
