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
/// already has fed back); seed i pairs principle i (dealt in rounds) with subtype i (types interleaved). The lists
/// scale with the count (<see cref="Scale"/>) so no subtype serves more than <c>maxSubtypeUses</c> documents; only as
/// many types get subtypes as the count can use.
/// </summary>
public sealed class DocumentSeedSource(
    Recipe recipe, IReadOnlyList<PromptTemplate> templates, ModelCaller caller, DocumentsOptions options, ConstitutionDocument constitution,
    int runSeed, int concurrency, ILogger logger) : ISeedSource
{
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
        var (typeCount, subtypesPerType) = Scale(options, count);
        var types = await lists.BuildAsync(recipe.Steps[typesStep], templates[typesStep], PlanSeeds.For(DataKind.Documents, runSeed, DocumentsRecipe.Types, "all", anchor),
            new Dictionary<string, string>(), typeCount, options.MaxListRounds, cancellationToken);
        if (types.Items.Count == 0)
        {
            throw new InvalidOperationException($"the document types list came back empty after {types.Rounds} rounds");
        }

        var used = types.Items.Take(Math.Min(types.Items.Count, count)).ToList();
        // A short types list is made up for with more subtypes per type.
        var subtypesWanted = Math.Max(subtypesPerType, (Needed(options, count) + used.Count - 1) / used.Count);
        var subtypeLists = new List<IReadOnlyList<(string Type, string Subtype)>>();
        var perType = used.ToAsyncEnumerable().SelectConcurrentAsync(concurrency, async (type, ct) =>
        {
            var outcome = await lists.BuildAsync(recipe.Steps[subtypesStep], templates[subtypesStep],
                PlanSeeds.For(DataKind.Documents, runSeed, DocumentsRecipe.Subtypes, type, anchor),
                new Dictionary<string, string> { ["document_type"] = type }, subtypesWanted, options.MaxListRounds, ct);
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

        if ((long)pairs.Count * options.MaxSubtypeUses < count)
        {
            logger.LogWarning("Documents: {Count} subtypes for {Target} documents; some subtypes serve more than {Uses} documents", pairs.Count, count, options.MaxSubtypeUses);
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

    /// <summary>
    /// Types and subtypes per type to ask for: the configured floors, grown together (types first, up to the count)
    /// until types x subtypes reaches <c>ceil(count / maxSubtypeUses)</c>.
    /// </summary>
    public static (int Types, int SubtypesPerType) Scale(DocumentsOptions options, int count)
    {
        ArgumentNullException.ThrowIfNull(options);
        var needed = Needed(options, count);
        var types = Math.Max(1, options.TypeCount);
        var subtypes = Math.Max(1, options.SubtypesPerType);
        while ((long)types * subtypes < needed)
        {
            // Keep the two roughly balanced around the configured ratio: a new type adds variety of genre, a new subtype of venue.
            if (types * options.SubtypesPerType <= subtypes * options.TypeCount)
            {
                types++;
            }
            else
            {
                subtypes++;
            }
        }

        return (types, subtypes);
    }

    private static int Needed(DocumentsOptions options, int count) => (count + Math.Max(1, options.MaxSubtypeUses) - 1) / Math.Max(1, options.MaxSubtypeUses);
}
