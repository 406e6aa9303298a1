using DataGen.Configuration;
using DataGen.Prompts;
using DataGen.Seeds;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation.Recipes;

/// <summary>
/// Runs a <see cref="Recipe"/>'s seed steps for one seed at a time. Templates are loaded and checked against each
/// step's values when the runner is built, so a missing prompt or a placeholder without a value fails before any call.
/// A sample ends early as a rejection: <c>unsuitable</c> (the model took the escape), <c>truncated</c> (cut off at the
/// token budget), <c>content_filter</c>, <c>unparseable</c>, or a name-hygiene reason.
/// </summary>
public sealed class RecipeRunner
{
    private readonly Recipe _recipe;
    private readonly IReadOnlyList<PromptTemplate> _templates;
    private readonly ModelCaller _caller;
    private readonly RunIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GroupCalls _groupCalls = new();

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

    /// <summary>Stage name of a sample dropped by name hygiene: its own step of the manifest's funnel, after generate.</summary>
    public const string NameHygieneStage = "name_hygiene";

    public DataKind Kind => _recipe.Kind;

    /// <summary>The templates this recipe uses, in step order.</summary>
    public IReadOnlyList<PromptTemplate> Templates => _templates;

    /// <summary>Loads every step's template and checks its placeholders; all problems are reported at once.</summary>
    public static IReadOnlyList<PromptTemplate> LoadAndCheck(Recipe recipe, PromptLibrary prompts)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(prompts);
        var templates = new List<PromptTemplate>();
        var problems = new List<string>();
        string? file = null;
        foreach (var step in recipe.Steps)
        {
            if (step.SharedByGroup && step.Parser is not IGroupReplyParser)
            {
                throw new InvalidOperationException($"step '{step.Name}' of {recipe.Kind.Name()} is shared by a group but its parser cannot split a reply among members");
            }

            var template = prompts.Get(step.PromptName, step.PromptSource);
            var found = template.Check(step.ValueNames);
            if (found.Count > 0)
            {
                file ??= template.FullPath;
                problems.AddRange(found.Select(p => $"{(file == template.FullPath ? string.Empty : template.FullPath + ": ")}{p} (step '{step.Name}' of {recipe.Kind.Name()})"));
            }

            templates.Add(template);
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(file!, problems);
        }

        return templates;
    }

    /// <summary>Generates one sample from the recipe's seed steps.</summary>
    public async Task<GenerationOutcome> GenerateAsync(Seed seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        var stepPrompts = new Dictionary<string, string>(StringComparer.Ordinal);
        var stepModels = new Dictionary<string, string>(StringComparer.Ordinal);
        var usage = default(TokenUsage);
        var calls = 0;
        string? finish = null;
        var simulated = _identity.Simulated;
        string? promptId = null;
        IReadOnlyList<ChatMessage> conversation = [];
        for (var i = 0; i < _recipe.Steps.Count; i++)
        {
            var step = _recipe.Steps[i];
            if (step.Scope != StepScope.Seed)
            {
                continue;
            }

            if (!step.Enabled)
            {
                foreach (var (target, source) in step.Passthrough)
                {
                    state[target] = state[source];
                }

                continue;
            }

            var template = _templates[i];
            var history = step.FreshContext ? null : conversation;
            async Task<(CallResult, RenderedPrompt)> CallAsync(int samplingSeed)
            {
                var rendered = template.Render(step.Values(seed, state));
                var answer = await _caller.CallAsync(new ModelCall
                {
                    Prompt = rendered,
                    Parser = step.Parser,
                    MaxReasks = step.MaxReasks,
                    MaxOutputTokens = step.BudgetFor(seed),
                    SamplingSeed = samplingSeed,
                    Step = $"{_recipe.Kind.Name()}/{step.Name}",
                    History = history,
                }, cancellationToken);
                return (answer, rendered);
            }

            // A shared step's call serves the whole group: made once, its cost carried by the group's first member so
            // that rows and rejects still add up to what was paid.
            var group = step.SharedByGroup ? seed.Group : null;
            var (result, prompt) = group is null ? await CallAsync(seed.SamplingSeed) : await _groupCalls.GetAsync(group, step.Name, () => CallAsync(group.SamplingSeed));
            if (group is null || group.Position == 0)
            {
                usage += result.Usage;
                calls += result.Calls;
            }

            finish = result.FinishReason;
            simulated |= result.Simulated;
            conversation = result.Conversation;
            stepModels[step.Name] = result.Model ?? _identity.Model;
            var rejection = Check(step, result);
            var fields = result.Parse.Fields;
            if (rejection is null && step.SharedByGroup)
            {
                var member = ((IGroupReplyParser)step.Parser).Member(fields!, group?.Position ?? 0, group?.Size ?? 1);
                fields = member.Fields;
                rejection = member.Fields is null ? (member.Reason!, member.Detail!) : null;
            }

            if (rejection is not null)
            {
                _logger.LogInformation("Dropped {SampleId} of {Kind} at step {Step}: {Reason}", seed.Id, seed.Kind.Name(), step.Name, rejection.Value.Reason);
                stepPrompts[step.Name] = prompt.PromptId;
                return GenerationOutcome.Of(new Rejection
                {
                    Seed = seed,
                    Stage = "generate",
                    Reason = rejection.Value.Reason,
                    Detail = $"step {step.Name}: {rejection.Value.Detail}",
                    RawReply = result.Reply,
                    PromptId = prompt.PromptId,
                    Usage = usage,
                    Calls = calls,
                    Provenance = Recorded(_recipe.Trace(seed, state)),
                    StepPromptIds = stepPrompts,
                    StepModels = stepModels,
                    CreatedAt = _time.GetUtcNow(),
                });
            }

            foreach (var (field, value) in fields!)
            {
                state[field] = value;
            }

            promptId = prompt.PromptId;
            stepPrompts[step.Name] = prompt.PromptId;
        }

        var content = _recipe.Finish(seed, state);
        var provenance = Recorded(content.Provenance);
        Sample Made() => new()
        {
            Seed = seed,
            PromptId = promptId ?? _templates[^1].Id,
            Provider = _identity.Provider,
            Model = _identity.Model,
            Simulated = simulated,
            Text = content.Text,
            Messages = content.Messages,
            Usage = usage,
            Calls = calls,
            FinishReason = finish,
            CreatedAt = _time.GetUtcNow(),
            Provenance = provenance,
            StepPromptIds = stepPrompts,
            StepModels = stepModels,
            Ablations = _recipe.Ablations,
        };

        if (_recipe.Hygiene is { } hygiene)
        {
            var hits = hygiene.Find(content.Text ?? string.Join("\n", (content.Messages ?? []).Select(m => m.Content)));
            var repairs = _recipe.ReplacesNames && content.Text is not null;
            if (!repairs && hygiene.GateReplacesReserved)
            {
                // The decontamination gate replaces reserved names in every column of this sample (policy "replace").
                hits = [.. hits.Where(h => h.Reason != NameHygiene.ReservedName)];
            }

            var real = hits.FirstOrDefault(h => h.Reason == NameHygiene.RealName);
            if (real is not null || (hits.Count > 0 && !repairs))
            {
                var hit = real ?? hits[0];
                _logger.LogInformation("Dropped {SampleId} of {Kind}: {Reason} {Name}", seed.Id, seed.Kind.Name(), hit.Reason, hit.Name);
                // The whole sample goes with the reject: a dropped chat keeps its turns as messages, like a kept row.
                return GenerationOutcome.Of(Rejection.Of(Made(), NameHygieneStage, hit.Reason, $"name '{hit.Name}'", _time.GetUtcNow()));
            }

            if (hits.Count > 0)
            {
                var pool = seed.Axes.TryGetValue("ai_name", out var own) ? NamePool(seed).Where(n => n != own) : NamePool(seed);
                var (text, replacements) = hygiene.Replace(content.Text!, hits, pool);
                content = content with { Text = text };
                provenance[ProvenanceKeys.NameReplacements] = string.Join(", ", replacements);
            }
        }

        return GenerationOutcome.Of(Made());
    }

    private static Dictionary<string, string> Recorded(IReadOnlyDictionary<string, string?> provenance) =>
        provenance.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);

    /// <summary>Replacement names for a seed: the recipe's pool, rotated by the seed so replacements spread.</summary>
    private IEnumerable<string> NamePool(Seed seed)
    {
        var pool = _recipe.ReplacementNames;
        return pool.Count == 0 ? [] : pool.Skip(seed.Index % pool.Count).Concat(pool.Take(seed.Index % pool.Count));
    }

    private static (string Reason, string Detail)? Check(RecipeStep step, CallResult result)
    {
        if (result.Unsuitable is { } why)
        {
            return ("unsuitable", why);
        }

        if (result.FinishReason == ChatFinishReason.ContentFilter.Value)
        {
            return ("content_filter", "the provider's content filter stopped the reply");
        }

        if (result.FinishReason == ChatFinishReason.Length.Value)
        {
            return ("truncated", $"the reply reached the token budget ({step.MaxOutputTokens} or the seed's own)");
        }

        return result.Parse.Ok ? null : ("unparseable", result.Parse.Error!);
    }

}
