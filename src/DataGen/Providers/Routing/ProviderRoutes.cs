using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Recipes;

namespace DataGen.Providers.Routing;

/// <summary>
/// Which provider each model call goes to. A call is known by the recipe step it renders
/// (<see cref="ModelCallContext.Step"/>: <c>kind/step</c>, <c>judge/kind</c> or <c>judge/revise</c>);
/// <c>generation.&lt;kind&gt;.steps.&lt;step&gt;.provider</c> and <c>quality.judge.provider</c> name a block of
/// <c>providers</c>, and everything else uses <c>provider</c>. The judge's <c>model</c>, when set, replaces its
/// provider's model. One instance answers for the whole run, the same way for the response-store key, the usage
/// ledger, the estimate and the client that sends the call.
/// </summary>
public sealed class ProviderRoutes
{
    /// <summary>The name that stands for the <c>provider</c> block.</summary>
    public const string Default = "default";

    private readonly PipelineOptions _options;
    private readonly ProviderRoute _default;
    private readonly Dictionary<string, ProviderRoute> _byStep = new(StringComparer.Ordinal);
    private readonly ProviderRoute _judge;
    private readonly ProviderRoute _contaminationJudge;

    public ProviderRoutes(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _default = new ProviderRoute(Default, options.Provider, options.Provider.Model);
        foreach (var kind in DataKindNames.All)
        {
            foreach (var (step, settings) in options.Generation.Options(kind).Steps)
            {
                if (settings.Provider is { } name && Named(name) is { } route)
                {
                    _byStep[$"{kind.Name()}/{step}"] = route;
                }
            }
        }

        var judge = options.Quality.Judge;
        var judgeProvider = judge.Provider is { } judgeName ? Named(judgeName) ?? _default : _default;
        _judge = judgeProvider with { Model = judge.Model ?? judgeProvider.Provider.Model };
        var contamination = options.Quality.Decontamination.LlmJudge;
        var contaminationProvider = contamination.Provider is { } contaminationName ? Named(contaminationName) ?? _default : _default;
        _contaminationJudge = contaminationProvider with { Model = contamination.Model ?? contaminationProvider.Provider.Model };
    }

    /// <summary>The route of <c>provider</c>.</summary>
    public ProviderRoute DefaultRoute => _default;

    /// <summary>The judge's route (its rubric and critique-and-revise calls).</summary>
    public ProviderRoute Judge => _judge;

    /// <summary>True when some call goes to a block of <c>providers</c> rather than <c>provider</c>.</summary>
    public bool AnyNamed => _byStep.Count > 0 || !_judge.IsDefault;

    /// <summary>The routes of generation calls: the default first, then each provider block a step names, once each.</summary>
    public IReadOnlyList<ProviderRoute> Generation => [.. new[] { _default }.Concat(_byStep.Values).DistinctBy(r => r.Name)];

    /// <summary>Every provider block a call goes to, the default first, each once.</summary>
    public IReadOnlyList<ProviderRoute> InUse => [.. Generation.Append(_judge)
        .Concat(_options.Quality.Decontamination.LlmJudge.Enabled ? [_contaminationJudge] : []).DistinctBy(r => r.Name)];

    /// <summary>The route of a call rendered from <paramref name="step"/> (null or unknown: the default).</summary>
    public ProviderRoute For(string? step)
    {
        if (step is null)
        {
            return _default;
        }

        if (step.StartsWith("judge/", StringComparison.Ordinal))
        {
            return _judge;
        }

        if (step == Quality.Decontamination.ContaminationJudge.StepName)
        {
            return _contaminationJudge;
        }

        return _byStep.TryGetValue(step, out var route) ? route : _default;
    }

    /// <summary>The route of a step of <paramref name="kind"/>.</summary>
    public ProviderRoute For(DataKind kind, string step) => For($"{kind.Name()}/{step}");

    /// <summary>
    /// Problems with the names in routing: a step or the judge naming a provider that <c>providers</c> does not hold,
    /// each with its JSON path. Step names are checked against the recipes by <see cref="UnknownSteps"/>.
    /// </summary>
    public static IEnumerable<string> Problems(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var known = options.Providers.Keys.Order(StringComparer.Ordinal).ToList();
        string Expected() => known.Count == 0
            ? "pipeline.json has no providers block; add one or leave provider out to use provider"
            : $"expected {Default} or one of {string.Join(", ", known)}";
        foreach (var kind in DataKindNames.All)
        {
            foreach (var (step, settings) in options.Generation.Options(kind).Steps)
            {
                if (settings.Provider is { } name && name != Default && !options.Providers.ContainsKey(name))
                {
                    yield return $"$.generation.{ConfigKey(kind)}.steps.{step}.provider: unknown provider '{name}'; {Expected()}";
                }
            }
        }

        if (options.Quality.Judge.Provider is { } judge && judge != Default && !options.Providers.ContainsKey(judge))
        {
            yield return $"$.quality.judge.provider: unknown provider '{judge}'; {Expected()}";
        }

        if (options.Quality.Decontamination.LlmJudge.Provider is { } contamination && contamination != Default && !options.Providers.ContainsKey(contamination))
        {
            yield return $"$.quality.decontamination.llmJudge.provider: unknown provider '{contamination}'; {Expected()}";
        }

        if (options.Providers.ContainsKey(Default))
        {
            yield return $"$.providers.{Default}: the name '{Default}' stands for provider; choose another";
        }
    }

    /// <summary>Step names under <c>generation.&lt;kind&gt;.steps</c> that <paramref name="recipe"/> does not have.</summary>
    public static IEnumerable<string> UnknownSteps(PipelineOptions options, Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recipe);
        var names = recipe.Steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var step in options.Generation.Options(recipe.Kind).Steps.Keys.Where(s => !names.Contains(s)))
        {
            yield return $"$.generation.{ConfigKey(recipe.Kind)}.steps.{step}: {recipe.Kind.Name()} has no step '{step}'; its steps are {string.Join(", ", names)}";
        }
    }

    /// <summary>The kind's key under <c>generation</c> in <c>pipeline.json</c>.</summary>
    public static string ConfigKey(DataKind kind) => kind switch
    {
        DataKind.AdviceChats => "adviceChats",
        _ => kind.Name(),
    };

    /// <summary>The blocks as the manifest may show them: endpoint URLs without any user name or password.</summary>
    public static IReadOnlyDictionary<string, ProviderOptions> WithoutCredentials(IReadOnlyDictionary<string, ProviderOptions> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        static Uri Clean(Uri url) => url.IsAbsoluteUri ? new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri : url;
        return providers.ToDictionary(
            p => p.Key,
            p => p.Value with
            {
                Endpoint = p.Value.Endpoint is { } url ? Clean(url) : null,
                Endpoints = [.. p.Value.Endpoints.Select(e => e with { Url = Clean(e.Url) })],
            },
            StringComparer.Ordinal);
    }

    private ProviderRoute? Named(string name) =>
        name == Default ? _default : _options.Providers.TryGetValue(name, out var block) ? new ProviderRoute(name, block, block.Model) : null;
}
