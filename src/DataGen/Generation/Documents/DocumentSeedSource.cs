using System.Runtime.CompilerServices;
using DataGen.Concurrency;
using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation.Recipes;
using DataGen.Prompts;
using DataGen.Seeds;
using Microsoft.Extensions.Logging;

namespace DataGen.Generation.Documents;

/// <summary>
/// Document seeds: the model lists document types, then subtypes per type (each list re-asked until N with what it
/// already has fed back); seed i pairs principle i (dealt in rounds) with subtype i (types interleaved). Only as many
/// types get subtypes as the count can use.
/// </summary>
public sealed class DocumentSeedSource(
    Recipe recipe, IReadOnlyList<PromptTemplate> templates, ModelCaller caller, DocumentsOptions options, ConstitutionDocument constitution,
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

        var lists = new ListBuilder(caller, DataKind.Documents, logger);
        var typesStep = Array.FindIndex([.. recipe.Steps], s => s.Name == DocumentsRecipe.Types);
        var subtypesStep = Array.FindIndex([.. recipe.Steps], s => s.Name == DocumentsRecipe.Subtypes);
        var anchor = constitution.Principles[0];
        var types = await lists.BuildAsync(recipe.Steps[typesStep], templates[typesStep], PlanSeeds.For(DataKind.Documents, runSeed, DocumentsRecipe.Types, "all", anchor),
            new Dictionary<string, string>(), options.TypeCount, options.MaxListRounds, cancellationToken);
        _tally.Add(types);
        if (types.Items.Count == 0)
        {
            throw new InvalidOperationException($"the document types list came back empty after {types.Rounds} rounds");
        }

        var used = types.Items.Take(Math.Min(types.Items.Count, count)).ToList();
        var subtypeLists = new List<IReadOnlyList<(string Type, string Subtype)>>();
        var perType = used.ToAsyncEnumerable().SelectConcurrentAsync(concurrency, async (type, ct) =>
        {
            var outcome = await lists.BuildAsync(recipe.Steps[subtypesStep], templates[subtypesStep],
                PlanSeeds.For(DataKind.Documents, runSeed, DocumentsRecipe.Subtypes, type, anchor),
                new Dictionary<string, string> { ["document_type"] = type }, options.SubtypesPerType, options.MaxListRounds, ct);
            _tally.Add(outcome);
            return (IReadOnlyList<(string, string)>)[.. outcome.Items.Select(s => (type, s))];
        }, cancellationToken);
        await foreach (var list in perType.WithCancellation(cancellationToken))
        {
            subtypeLists.Add(list);
        }

        var pairs = PlanSeeds.Interleave(subtypeLists);
        if (pairs.Count == 0)
        {
            throw new InvalidOperationException("every document subtype list came back empty");
        }

        for (var index = 0; index < count; index++)
        {
            var principle = SeedPlanner.PrincipleAt(DataKind.Documents, constitution, runSeed, index);
            var (type, subtype) = pairs[index % pairs.Count];
            var axes = new Dictionary<string, string>(StringComparer.Ordinal) { ["document_type"] = type, ["document_subtype"] = subtype };
            yield return new Seed
            {
                Id = SeedPlanner.Id(DataKind.Documents, runSeed, index, principle.Id, axes),
                Kind = DataKind.Documents,
                Index = index,
                Principle = principle,
                Axes = axes,
            };
        }
    }
}
