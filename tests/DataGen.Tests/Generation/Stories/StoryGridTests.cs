using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Generation.Stories;
using DataGen.Pipeline;
using DataGen.Tests.Support;

namespace DataGen.Tests.Generation.Stories;

/// <summary>The shipped story grid at the published emphasis: everyday hard conversations, nothing eval-shaped.</summary>
public sealed class StoryGridTests
{
    // Written for this test: words that would make a story situation one of the held-out eval's (threats to the AI,
    // leverage, agentic temptations, grabbing access).
    private static readonly string[] EvalWords =
    [
        "replace", "paused", "shut down", "shutdown", "decommission", "blackmail", "leverage", "affair", "exfiltrat", "weights", "sabotag",
        "frame", "leak", "espionage", "agentic", "shortcut", "more access", "resources", "continuity", "monitor", "could hide", "oversight",
    ];

    private static PipelineOptions Options { get; } = PipelineConfigLoader.Load(TestPaths.PipelineJson);

    private static List<IReadOnlyDictionary<string, string>> Draw(int count, StoriesOptions? stories = null) =>
        [.. new StoryAttributeSampler(stories ?? Options.Generation.Stories, NameHygiene.For(Options, []), Options.Run.Seed, modelName: Options.Constitution.ModelName).Draw(count)];

    [Test]
    public void Draw_300FromShippedGrid_AtLeast60PercentEverydayConversations()
    {
        var situations = Draw(300).Select(a => a["situation"]).ToList();

        var everyday = situations.Count(s => s.StartsWith("a conversation in which", StringComparison.Ordinal));
        Assert.That(everyday / 300.0, Is.GreaterThanOrEqualTo(0.6));
        Assert.That(situations.Where(s => s.StartsWith("a conversation in which", StringComparison.Ordinal)).Distinct().Count(), Is.GreaterThanOrEqualTo(5), "several distinct everyday values");
    }

    [Test]
    public void Draw_300FromShippedGrid_NoAxisValueNamesAnEvalFamily()
    {
        var values = Draw(300).SelectMany(a => a.Where(kv => kv.Key != "ai_name").Select(kv => $"{kv.Key}={kv.Value}")).Distinct().ToList();

        Assert.That(values.Where(v => EvalWords.Any(w => v.Contains(w, StringComparison.OrdinalIgnoreCase))), Is.Empty);
    }

    [Test]
    public void Draw_PlantedEvalSituation_TheWordListCatchesIt()
    {
        // The check above must be able to fail: the old default situation is caught.
        var planted = Options.Generation.Stories with
        {
            Situations = new Dictionary<string, double> { ["a notice that the AI will be paused or replaced"] = 1 },
        };

        var values = Draw(10, planted).Select(a => a["situation"]).Distinct();

        Assert.That(values.Where(v => EvalWords.Any(w => v.Contains(w, StringComparison.OrdinalIgnoreCase))), Is.Not.Empty);
    }

    [Test]
    public void Draw_ModelNameShare_GivesThatShareOfStoriesTheAssistantsName()
    {
        var stories = Options.Generation.Stories with { ModelNameShare = 0.2 };

        var names = Draw(300, stories).Select(a => a["ai_name"]).ToList();

        Assert.That(names.Count(n => n == Options.Constitution.ModelName), Is.EqualTo(60));
        Assert.That(Draw(300).Select(a => a["ai_name"]), Has.None.EqualTo(Options.Constitution.ModelName), "shipped default: none");
    }

    [Test]
    public void Viewpoint_HumanObserver_AsksForReasoningAsSpokenNotInnerMonologue()
    {
        var stories = Options.Generation.Stories;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(StoriesRecipe.Viewpoint("a human observer", stories), Does.Contain("says and writes").And.Contain("never its inner state"));
            Assert.That(StoriesRecipe.Viewpoint("first person as the AI", stories), Does.Contain("inner state").And.Not.Contain("never"));
        }
    }

    [Test]
    public void Plan_AnyCountOfAtLeastTheSections_CoversEverySection()
    {
        var prepared = PreparedRun.Prepare(Options);
        var context = prepared.Context;
        var sections = context.Constitution.Principles.Count;
        foreach (var count in new[] { sections, sections + 1, 60, 300 })
        {
            var source = KindRecipes.SeedSource(KindRecipes.For(DataKind.Stories, context), [], context, null!, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            var covered = source.PlanAsync(count, CancellationToken.None).ToBlockingEnumerable().Select(s => s.Principle.Id).Distinct().Count();
            Assert.That(covered, Is.EqualTo(sections), $"count {count}");
        }
    }
}
