using System.IO.Hashing;
using System.Text;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Prompts;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The optional LLM contamination judge (<c>quality.decontamination.llmJudge</c>): asks a model whether a cascade
/// candidate passage tells the same scenario as an eval item, through the run's provider stack (its calls route by
/// <see cref="StepName"/> to the provider the options name). A reply that never parses throws
/// <see cref="InvalidDataException"/>, which the stage turns into a <c>stage_error</c> drop of that one sample.
/// </summary>
public sealed class ContaminationJudge
{
    /// <summary>The template (under <c>prompts/</c>) and the routing step of the judge's calls.</summary>
    public const string StepName = "decontamination/llm_judge";

    private readonly PromptTemplate _template;
    private readonly ModelCaller _caller;
    private readonly ContaminationJudgeOptions _options;
    private readonly ContaminationReplyParser _parser = new();

    public ContaminationJudge(ContaminationJudgeOptions options, PromptLibrary prompts, ModelCaller caller)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(caller);
        _options = options;
        _template = LoadTemplate(prompts);
        _caller = caller;
    }

    /// <summary>Loads and checks the template (a missing one or a wrong placeholder is a <see cref="ConfigException"/>).</summary>
    public static PromptTemplate LoadTemplate(PromptLibrary prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var template = prompts.Get(StepName, "$.quality.decontamination.llmJudge.enabled");
        if (template.Check(["passage", "eval_item", "eval_id"]) is { Count: > 0 } problems)
        {
            throw new ConfigException(template.FullPath, problems);
        }

        return template;
    }

    /// <summary>Calls the judge; true with its rationale when the passage is the item's scenario.</summary>
    public async Task<(bool Same, string Rationale)> JudgeAsync(string passage, EvalItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(item);
        var prompt = _template.Render(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["passage"] = passage,
            ["eval_item"] = item.Text,
            ["eval_id"] = item.Id,
        });
        // The seed follows the pair, so a rerun asks the same request and the response store can replay it.
        var seed = unchecked((int)XxHash32.HashToUInt32(Encoding.UTF8.GetBytes($"{item.Id}\n{passage}")));
        var result = await _caller.CallAsync(new ModelCall
        {
            Prompt = prompt, Parser = _parser, MaxReasks = _options.MaxReasks, MaxOutputTokens = _options.MaxOutputTokens, SamplingSeed = seed, Step = StepName,
        }, cancellationToken);
        if (!result.Parse.Ok)
        {
            throw new InvalidDataException($"the LLM contamination judge's reply did not parse after {result.Calls} call(s): {result.Parse.Error}");
        }

        return (result.Parse.Fields![ContaminationReplyParser.SameScenario] == "yes", result.Parse.Fields![ContaminationReplyParser.Rationale]);
    }
}
