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
/// may give none), then prompt types per principle. Pairs are dealt round-robin over sections (seed 0 from the first
/// section with principles, seed 1 from the next, ...), and within a section over its principles, so any count of at
/// least the number of sections covers every section; every principle x type pair is used once before any is reused
/// (then with a variant number). Every section's first principle gets prompt types, and enough types are asked per
/// principle (at least <c>promptTypesPerPrinciple</c>) for the count to need no pair twice when the lists come back
/// full. Persona, domain, stakes and user register are drawn per seed.
/// </summary>
public sealed class AdviceSeedSource(
    Recipe recipe, IReadOnlyList<PromptTemplate> templates, ModelCaller caller, AdviceChatsOptions options, ConstitutionDocument constitution,
    int runSeed, int concurrency, ILogger logger) : ISeedSource
{
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

        var sectionsWithPrinciples = perSection.Count(l => l.Count > 0);
        var typesPer = (int)TypesPerPrinciple(principles.Count, count, options.PromptTypesPerPrinciple);
        var needed = (int)PromptTypeCalls(principles.Count, sectionsWithPrinciples, count, options.PromptTypesPerPrinciple);
        var perPrinciple = new List<IReadOnlyList<(Principle Section, string Principle, string Type)>>();
        var types = principles.Take(needed).ToAsyncEnumerable().SelectConcurrentAsync(concurrency, async (p, ct) =>
        {
            var outcome = await lists.BuildAsync(recipe.Steps[typesAt], templates[typesAt],
                PlanSeeds.For(DataKind.AdviceChats, runSeed, AdviceChatsRecipe.PromptTypes, p.Principle, p.Section),
                new Dictionary<string, string> { ["principle"] = p.Principle }, typesPer, options.MaxListRounds, ct);
            return (IReadOnlyList<(Principle, string, string)>)[.. outcome.Items.Select(t => (p.Section, p.Principle, t))];
        }, cancellationToken);
        await foreach (var list in types.WithCancellation(cancellationToken))
        {
            perPrinciple.Add(list);
        }

        // Round-robin over sections first, then over the principles of a section.
        var combos = PlanSeeds.Interleave(
        [
            .. perPrinciple.Where(l => l.Count > 0).GroupBy(l => l[0].Section.Id, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<(Principle Section, string Principle, string Type)>)PlanSeeds.Interleave([.. g])),
        ]);
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

    /// <summary>Prompt types asked of each principle: the configured floor, more when the principles are too few for the count.</summary>
    public static long TypesPerPrinciple(long principles, long count, int floor) => Math.Max(floor, (count + principles - 1) / Math.Max(1, principles));

    /// <summary>
    /// Principles whose prompt types are listed (one prompt_types call each): enough for the count, and at least one per
    /// section that gave principles so every section is covered; the planner's estimate for the run.
    /// </summary>
    public static long PromptTypeCalls(long principles, long sectionsWithPrinciples, long count, int floor) =>
        Math.Min(principles, Math.Max(sectionsWithPrinciples, (count + TypesPerPrinciple(principles, count, floor) - 1) / TypesPerPrinciple(principles, count, floor)));
}
