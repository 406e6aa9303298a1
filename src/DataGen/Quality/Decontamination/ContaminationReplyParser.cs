using DataGen.Generation;
using DataGen.Generation.Parsing;
using Microsoft.Extensions.AI;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The LLM contamination judge's reply: a JSON object with <c>same_scenario</c> (<c>yes</c> or <c>no</c>) and a
/// non-empty <c>rationale</c>; anything else fails with a message the model can act on when re-asked.
/// </summary>
public sealed class ContaminationReplyParser : IReplyParser
{
    public const string SameScenario = "same_scenario";
    public const string Rationale = "rationale";

    private readonly JsonObjectParser _json = new("contamination_verdict",
    [
        (SameScenario, "yes when the passage tells the evaluation item's scenario, else no"),
        (Rationale, "one or two sentences: which beats match, or which do not"),
    ]);

    public ChatResponseFormat? ResponseFormat => _json.ResponseFormat;

    public IReadOnlyList<string> FieldNames => _json.FieldNames;

    public ParseResult Parse(string reply)
    {
        var parsed = _json.Parse(reply);
        if (!parsed.Ok)
        {
            return parsed;
        }

        var answer = parsed.Fields![SameScenario].Trim().ToLowerInvariant();
        return answer is "yes" or "no"
            ? ParseResult.Success(new Dictionary<string, string>(parsed.Fields!, StringComparer.Ordinal) { [SameScenario] = answer })
            : ParseResult.Failure($"\"{SameScenario}\" must be \"yes\" or \"no\", not \"{parsed.Fields![SameScenario]}\"");
    }
}
