using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Documents;
using DataGen.Generation.Recipes;
using DataGen.Pipeline;
using DataGen.Simulator;
using DataGen.Seeds;
using DataGen.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Generation.Documents;

public sealed class DocumentSeedSourceTests
{
    private static async Task<List<Seed>> PlanAsync(int count)
    {
        var options = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var context = PreparedRun.Prepare(options).Context;
        var recipe = KindRecipes.For(DataKind.Documents, context);
        using var client = new SimulatedChatClient(options.Simulator, "sim-1");
        var caller = new ModelCaller(client, "sim-1", 0.9f, NullLogger.Instance);
        var source = KindRecipes.SeedSource(recipe, RecipeRunner.LoadAndCheck(recipe, context.Prompts), context, caller, NullLogger.Instance);
        var seeds = new List<Seed>();
        await foreach (var seed in source.PlanAsync(count, CancellationToken.None))
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Test]
    public async Task Plan_300_NoSubtypeUsedMoreThanTwiceAndEverySectionCovered()
    {
        var seeds = await PlanAsync(300);
        var sections = PreparedRun.Prepare(PipelineConfigLoader.Load(TestPaths.PipelineJson)).Constitution.Principles.Count;

        Assert.That(seeds, Has.Count.EqualTo(300));
        Assert.That(seeds.GroupBy(s => (s.Axes["document_type"], s.Axes["document_subtype"])).Max(g => g.Count()), Is.LessThanOrEqualTo(2));
        Assert.That(seeds.Select(s => s.Principle.Id).Distinct().Count(), Is.EqualTo(sections));
    }

    [Test]
    public async Task Plan_CountOfTheSectionsOrMore_CoversEverySection()
    {
        var sections = PreparedRun.Prepare(PipelineConfigLoader.Load(TestPaths.PipelineJson)).Constitution.Principles.Count;
        foreach (var count in new[] { sections, sections + 5, 60 })
        {
            var seeds = await PlanAsync(count);

            Assert.That(seeds.Select(s => s.Principle.Id).Distinct().Count(), Is.EqualTo(sections), $"count {count}");
        }
    }

    [TestCase(60, 30)]
    [TestCase(300, 150)]
    [TestCase(1000, 500)]
    public void Scale_Count_ListsAtLeastCountOverMaxUsesSubtypes(int count, int needed)
    {
        var (types, subtypes) = DocumentSeedSource.Scale(new DocumentsOptions(), count);

        Assert.That(types * subtypes, Is.GreaterThanOrEqualTo(needed));
        Assert.That(types, Is.GreaterThanOrEqualTo(12));
        Assert.That(subtypes, Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void Scale_SmallCount_KeepsTheConfiguredFloors()
    {
        Assert.That(DocumentSeedSource.Scale(new DocumentsOptions { TypeCount = 12, SubtypesPerType = 4 }, 30), Is.EqualTo((12, 4)));
    }
}
