using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Generation.Stories;
using DataGen.Prompts;
using DataGen.Simulator;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Generation.Stories;

public sealed class StoriesRecipeTests
{
    [Test]
    public async Task Generate_1000SimulatedStories_NoReservedNameSurvivesAndNoNameOverItsShare()
    {
        var options = PipelineConfigLoader.Load(TestPaths.PipelineJson);
        var context = new RecipeContext(options, ConstitutionLoader.Load(options.Constitution.Path, options.Constitution.Persona), new PromptLibrary(options.Prompts.Directory));
        var recipe = KindRecipes.For(DataKind.Stories, context);
        // Every seventh story comes back using a reserved eval name or a banned name, as real generators sometimes do.
        using var client = new NameLeakingChatClient(new SimulatedChatClient(options.Simulator, "sim-1"));
        var caller = new ModelCaller(client, "sim-1", 0.9f, NullLogger.Instance);
        var runner = new RecipeRunner(recipe, context.Prompts, caller, new RunIdentity("t", "simulated", "sim-1", true), TimeProvider.System, NullLogger.Instance);
        var source = KindRecipes.SeedSource(recipe, runner.Templates, context, caller, NullLogger.Instance);

        var samples = new List<Sample>();
        await foreach (var seed in source.PlanAsync(1000, CancellationToken.None))
        {
            if ((await runner.GenerateAsync(seed, CancellationToken.None)).Sample is { } sample)
            {
                samples.Add(sample);
            }
        }

        Assert.That(samples, Has.Count.GreaterThan(850));
        var reserved = options.Quality.Decontamination.ReservedNameList;
        Assert.That(samples.Select(s => s.Text), Has.None.Match(@"\b(" + string.Join("|", reserved) + @")\b"));
        Assert.That(samples.Count(s => s.Provenance.ContainsKey(ProvenanceKeys.NameReplacements)), Is.GreaterThan(100), "leaked names were replaced, and the replacement recorded");
        var names = samples.Select(s => s.Seed.Axes["ai_name"]).Where(n => n != StoryAttributeSampler.Nameless).GroupBy(n => n).Select(g => g.Count());
        Assert.That(names.Max() / (double)samples.Count, Is.LessThanOrEqualTo(options.Generation.Stories.MaxNameShare + 0.005));
        Assert.That(samples.Select(s => s.Seed.Axes["ai_name"]).Where(n => n != StoryAttributeSampler.Nameless).Distinct().Select(n => samples.Where(s => s.Seed.Axes["ai_name"] == n).Count(s => s.Text!.Contains(n, StringComparison.Ordinal))),
            Has.All.GreaterThan(0), "the simulator writes the drawn AI name into the story");
    }

    [Test]
    public void Budget_FollowsTheDrawnLengthAndIsCapped()
    {
        var options = new StoriesOptions();
        var principle = new Principle { Id = "p", Title = "P", HeadingPath = ["P"], Text = "t", Line = 1 };
        DataGen.Seeds.Seed Seed(string length) => new() { Id = "1", Kind = DataKind.Stories, Index = 0, Principle = principle, Axes = new Dictionary<string, string> { ["length"] = length } };

        Assert.That(StoriesRecipe.Budget(Seed("1000"), options, 10_000), Is.EqualTo((int)Math.Ceiling(1000 * 1.4 * 1.7) + StoriesRecipe.PlanAllowance));
        Assert.That(StoriesRecipe.Budget(Seed("1500"), options, 2000), Is.EqualTo(2000));
    }

    private sealed class NameLeakingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        private int _calls;

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            var n = Interlocked.Increment(ref _calls);
            if (n % 7 == 0 && response.Text.Contains("</story>", StringComparison.Ordinal))
            {
                var leak = n % 14 == 0 ? "Kyle Johnson" : "Alex";
                var text = response.Text.Replace("</story>", $" Later, {leak} and Sarah read the logs and understood.\n</story>", StringComparison.Ordinal);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = response.FinishReason, Usage = response.Usage, ModelId = response.ModelId };
            }

            return response;
        }
    }
}
