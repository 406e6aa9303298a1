using DataGen.Configuration;
using DataGen.Prompts;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation.Recipes;

/// <summary>
/// Runs a <see cref="Recipe"/> for one seed at a time. Templates are loaded and checked against each step's values
/// when the runner is built, so a missing prompt or a placeholder without a value fails before any call is made.
/// </summary>
public sealed class RecipeRunner
{
    private readonly Recipe _recipe;
    private readonly IReadOnlyList<PromptTemplate> _templates;
    private readonly ModelCaller _caller;
    private readonly RunIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RecipeRunner(Recipe recipe, PromptLibrary prompts, ModelCaller caller, RunIdentity identity, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(prompts);
        _recipe = recipe;
        _templates = LoadAndCheck(recipe, prompts);
        _caller = caller;
        _identity = identity;
        _time = time;
        _logger = logger;
    }

    public DataKind Kind => _recipe.Kind;

    /// <summary>The templates this recipe uses, in step order.</summary>
    public IReadOnlyList<PromptTemplate> Templates => _templates;

    /// <summary>Loads every step's template and checks its placeholders; all problems are reported at once.</summary>
    public static IReadOnlyList<PromptTemplate> LoadAndCheck(Recipe recipe, PromptLibrary prompts)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(prompts);
        var templates = new List<PromptTemplate>();
        foreach (var step in recipe.Steps)
        {
            var template = prompts.Get(step.PromptName, step.PromptSource);
            var problems = template.Check(step.ValueNames);
            if (problems.Count > 0)
            {
                throw new ConfigException(template.FullPath, [.. problems.Select(p => $"{p} (step '{step.Name}' of {recipe.Kind.Name()})")]);
            }

            templates.Add(template);
        }

        return templates;
    }

    /// <summary>Generates one sample. A reply that never parses becomes a rejection with reason <c>unparseable</c>.</summary>
    public async Task<GenerationOutcome> GenerateAsync(Seed seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        var usage = default(TokenUsage);
        var calls = 0;
        string? finish = null;
        var simulated = _identity.Simulated;
        string promptId = _templates[^1].Id;
        for (var i = 0; i < _recipe.Steps.Count; i++)
        {
            var step = _recipe.Steps[i];
            var prompt = _templates[i].Render(step.Values(seed, state));
            var result = await _caller.CallAsync(prompt, step.Parser, step.MaxReasks, step.MaxOutputTokens, seed.SamplingSeed, cancellationToken);
            usage += result.Usage;
            calls += result.Calls;
            finish = result.FinishReason;
            simulated |= result.Simulated;
            if (!result.Parse.Ok)
            {
                _logger.LogInformation("Dropped {SampleId} of {Kind}: step {Step} unparseable after {Attempt} attempts: {Reason}",
                    seed.Id, seed.Kind.Name(), step.Name, result.Calls, result.Parse.Error);
                return GenerationOutcome.Of(new Rejection
                {
                    Seed = seed,
                    Stage = "generate",
                    Reason = "unparseable",
                    Detail = $"step {step.Name}: {result.Parse.Error}",
                    RawReply = result.Reply,
                    PromptId = prompt.PromptId,
                    Usage = usage,
                    CreatedAt = _time.GetUtcNow(),
                });
            }

            foreach (var (field, value) in result.Parse.Fields!)
            {
                state[field] = value;
            }

            promptId = prompt.PromptId;
        }

        var content = _recipe.Finish(seed, state);
        return GenerationOutcome.Of(new Sample
        {
            Seed = seed,
            PromptId = promptId,
            Provider = _identity.Provider,
            Model = _identity.Model,
            Simulated = simulated,
            Text = content.Text,
            Messages = content.Messages,
            Usage = usage,
            Calls = calls,
            FinishReason = finish,
            CreatedAt = _time.GetUtcNow(),
        });
    }
}
