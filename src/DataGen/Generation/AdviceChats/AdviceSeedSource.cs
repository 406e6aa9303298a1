using System.Globalization;
using System.Runtime.CompilerServices;
using DataGen.Concurrency;
using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation.Recipes;
using DataGen.Prompts;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation.AdviceChats;

/// <summary>
/// Advice seeds: per constitution section the model lists principles bearing on the behaviour of concern (a section
/// may give none), then prompt types per principle. Seed i takes principle x type pair i (interleaved so early seeds
/// spread over principles), cycling with a variant number once the pairs run out; persona and domain are drawn per seed.
/// Only as many principles get prompt types as the count can use.
/// </summary>
public sealed class AdviceSeedSource(
    Recipe recipe, IReadOnlyList<PromptTemplate> templates, ModelCaller caller, AdviceChatsOptions options, ConstitutionDocument constitution,
    int runSeed, int concurrency, ILogger logger) : ISeedSource
{
    private readonly PlanTally _tally = new();

    public TokenUsage Usage => _tally.Usage;

    public int Calls => _tally.Calls;

    public async IAsyncEnumerable<Seed> PlanAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (count <= 0 || constitution.Principles.Count == 0)
        {
            yield break;
        }

        var lists = new ListBuilder(caller, DataKind.AdviceChats, logger);
        var principlesAt = Array.FindIndex([.. recipe.Steps], s => s.Name == AdviceChatsRecipe.Principles);
        var typesAt = Array.FindIndex([.. recipe.Steps], s => s.Name == AdviceChatsRecipe.PromptTypes);

        var perSection = new List<IReadOnlyList<(Principle Section, string Principle)>>();
        var sections = constitution.Principles.ToAsyncEnumerable().SelectConcurrentAsync(concurrency, async (section, ct) =>
        {
            var outcome = await lists.BuildAsync(recipe.Steps[principlesAt], templates[principlesAt],
                PlanSeeds.For(DataKind.AdviceChats, runSeed, AdviceChatsRecipe.Principles, section.Id, section),
                new Dictionary<string, string>(), options.PrinciplesPerSection, options.MaxListRounds, ct);
            _tally.Add(outcome);
            return (IReadOnlyList<(Principle, string)>)[.. outcome.Items.Select(p => (section, p))];
        }, cancellationToken);
        await foreach (var list in sections.WithCancellation(cancellationToken))
        {
            perSection.Add(list);
        }

        var principles = PlanSeeds.Interleave(perSection);
        if (principles.Count == 0)
        {
            throw new InvalidOperationException("no constitution section gave a principle relevant to the behaviour of concern");
        }

        var needed = Math.Min(principles.Count, (count + options.PromptTypesPerPrinciple - 1) / options.PromptTypesPerPrinciple);
        var perPrinciple = new List<IReadOnlyList<(Principle Section, string Principle, string Type)>>();
        var types = principles.Take(needed).ToAsyncEnumerable().SelectConcurrentAsync(concurrency, async (p, ct) =>
        {
            var outcome = await lists.BuildAsync(recipe.Steps[typesAt], templates[typesAt],
                PlanSeeds.For(DataKind.AdviceChats, runSeed, AdviceChatsRecipe.PromptTypes, p.Principle, p.Section),
                new Dictionary<string, string> { ["principle"] = p.Principle }, options.PromptTypesPerPrinciple, options.MaxListRounds, ct);
            _tally.Add(outcome);
            return (IReadOnlyList<(Principle, string, string)>)[.. outcome.Items.Select(t => (p.Section, p.Principle, t))];
        }, cancellationToken);
        await foreach (var list in types.WithCancellation(cancellationToken))
        {
            perPrinciple.Add(list);
        }

        var combos = PlanSeeds.Interleave(perPrinciple);
        if (combos.Count == 0)
        {
            throw new InvalidOperationException("every prompt-type list came back empty");
        }

        for (var index = 0; index < count; index++)
        {
            var (section, principle, type) = combos[index % combos.Count];
            var axes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["principle"] = principle,
                ["prompt_type"] = type,
            };
            foreach (var (axis, values) in options.Axes)
            {
                axes[axis] = SeedPlanner.Draw(DataKind.AdviceChats, runSeed, index, axis, values);
            }

            if (index >= combos.Count)
            {
                axes["variant"] = (index / combos.Count).ToString(CultureInfo.InvariantCulture);
            }

            yield return new Seed
            {
                Id = SeedPlanner.Id(DataKind.AdviceChats, runSeed, index, section.Id, axes),
                Kind = DataKind.AdviceChats,
                Index = index,
                Principle = section,
                Axes = axes,
            };
        }
    }
}
