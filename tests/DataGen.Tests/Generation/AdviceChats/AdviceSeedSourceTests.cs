using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Pipeline;
using DataGen.Simulator;
using DataGen.Seeds;
using DataGen.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Generation.AdviceChats;

public sealed class AdviceSeedSourceTests
{
    private static async Task<List<Seed>> PlanAsync(int count, Func<PipelineOptions, PipelineOptions>? edit = null)
    {
        var options = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        options = edit?.Invoke(options) ?? options;
        var context = PreparedRun.Prepare(options).Context;
        var recipe = KindRecipes.For(DataKind.AdviceChats, context);
        using var client = new SimulatedChatClient(options.Simulator, "sim-1");
        var caller = new ModelCaller(client, "sim-1", 0.9f, NullLogger.Instance);
        var templates = RecipeRunner.LoadAndCheck(recipe, context.Prompts);
        var source = KindRecipes.SeedSource(recipe, templates, context, caller, NullLogger.Instance);
        var seeds = new List<Seed>();
        await foreach (var seed in source.PlanAsync(count, CancellationToken.None))
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    private static int Sections => PreparedRun.Prepare(PipelineConfigLoader.Load(TestPaths.PipelineJson)).Constitution.Principles.Count;

    [Test]
    public async Task Plan_ShippedCountAndAnyCountOfAtLeastTheSections_CoversEverySection()
    {
        var sections = Sections;
        foreach (var count in new[] { sections, sections + 3, PipelineConfigLoader.Load(TestPaths.PipelineJson).Generation.AdviceChats.Count })
        {
            var seeds = await PlanAsync(count);

            Assert.That(seeds.Select(s => s.Principle.Id).Distinct().Count(), Is.EqualTo(sections), $"count {count}");
        }
    }

    [Test]
    public async Task Plan_300_NoPrincipleAndPromptTypePairIsReused()
    {
        var seeds = await PlanAsync(300);

        Assert.That(seeds, Has.Count.EqualTo(300));
        Assert.That(seeds.Select(s => (s.Axes["principle"], s.Axes["prompt_type"])).Distinct().Count(), Is.EqualTo(300));
        Assert.That(seeds.Where(s => s.Axes.ContainsKey("variant")), Is.Empty);
    }

    [Test]
    public async Task Plan_Seeds_DrawStakesAndUserRegister()
    {
        var seeds = await PlanAsync(60);
        var options = PipelineConfigLoader.Load(TestPaths.PipelineJson).Generation.AdviceChats;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(seeds.Select(s => s.Axes["stakes"]).Distinct(), Is.SubsetOf(options.Stakes));
            Assert.That(seeds.Select(s => s.Axes["user_register"]).Distinct(), Is.SubsetOf(options.UserRegisters));
            Assert.That(seeds.Select(s => s.Axes["user_register"]).Distinct().Count(), Is.GreaterThan(4));
        }
    }
}
