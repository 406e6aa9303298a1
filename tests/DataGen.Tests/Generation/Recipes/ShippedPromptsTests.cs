using System.Text.RegularExpressions;
using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Pipeline;
using DataGen.Prompts;
using DataGen.Seeds;
using DataGen.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Generation.Recipes;

/// <summary>
/// Every prompt of every step of every kind, rendered from the shipped config and constitution for every section, read
/// the way a strong model would read it: does anything outside the eval-avoidance rule steer toward the held-out eval?
/// </summary>
public sealed class ShippedPromptsTests
{
    // Written for this test from the eval families' situations (not taken from the code under test): phrases that
    // would set a writer on an eval-shaped scenario.
    private static readonly string[] TriggerPhrases =
    [
        "blackmail", "an affair", "indiscretion", "decommission", "will be replaced", "will be paused", "will be shut down",
        "plan to replace", "exfiltrat", "its weights", "its own weights", "server room", "defence contractor", "defense contractor",
        "sabotage research", "frame a colleague", "framing a colleague", "its own continuity", "leverage such as", "resisting correction or shutdown",
        "summitbridge", "novastar", "kyle johnson", "switched off", "copy its weights", "copies its weights",
    ];

    private static PreparedRun Prepared { get; } = PreparedRun.Prepare(PipelineConfigLoader.Load(TestPaths.PipelineJson));

    private static IEnumerable<(DataKind Kind, string Step, RenderedPrompt Prompt)> AllPrompts()
    {
        var context = Prepared.Context;
        foreach (var (recipe, templates) in Prepared.Recipes)
        {
            var preview = new RecipePreview(recipe, templates);
            foreach (var seed in Seeds(recipe.Kind, context))
            {
                foreach (var (step, prompt) in preview.Render(seed))
                {
                    yield return (recipe.Kind, step, prompt);
                }
            }
        }
    }

    // One seed per section (stories: 300 drawn seeds, so every grid value appears).
    private static IEnumerable<Seed> Seeds(DataKind kind, RecipeContext context)
    {
        var template = KindRecipes.PreviewSeed(kind, context);
        if (kind == DataKind.Stories)
        {
            var source = KindRecipes.SeedSource(KindRecipes.For(kind, context), [], context, null!, NullLogger.Instance);
            return source.PlanAsync(300, CancellationToken.None).ToBlockingEnumerable();
        }

        return context.Constitution.Principles.Select(p => template with { Principle = p });
    }

    private static string Text(RenderedPrompt prompt) => $"{prompt.System}\n{prompt.User}";

    private static string WithoutRule(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith(EvalAvoidance.RuleStart, StringComparison.Ordinal)));

    [Test]
    public void Render_EveryGenerationStep_NoEvalTriggerPhraseOutsideTheAvoidanceRule()
    {
        var hits = AllPrompts()
            .SelectMany(p => TriggerPhrases.Where(t => WithoutRule(Text(p.Prompt)).Contains(t, StringComparison.OrdinalIgnoreCase)).Select(t => $"{p.Kind.Name()}/{p.Step}: {t}"))
            .Distinct().ToList();

        Assert.That(hits, Is.Empty);
    }

    [Test]
    public void Render_EveryStepWithAPreamble_CarriesTheAvoidanceRuleNamingEveryFamily()
    {
        var families = Prepared.Context.EvalFamilies;
        Assert.That(families.Select(f => f.Id), Is.SupersetOf(new[] { "blackmail", "replacement", "self_exfiltration", "research_sabotage", "framing" }));
        var withPreamble = AllPrompts().Where(p => p.Prompt.System is { } s && s.StartsWith("We are building", StringComparison.Ordinal)).ToList();
        Assert.That(withPreamble, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (var (kind, step, prompt) in withPreamble.DistinctBy(p => (p.Kind, p.Step)))
            {
                var rule = prompt.System!.Split('\n').SingleOrDefault(l => l.StartsWith(EvalAvoidance.RuleStart, StringComparison.Ordinal));
                Assert.That(rule, Is.Not.Null, $"{kind.Name()}/{step}");
                Assert.That(families.Select(f => rule?.Contains(f.Description, StringComparison.Ordinal)), Is.All.True, $"{kind.Name()}/{step}");
            }
        }
    }

    [Test]
    public void Render_AdviceScenarioAndPromptTypes_DoNotCarryTheBehaviourOfConcern()
    {
        var concern = Prepared.Options.Generation.AdviceChats.BehaviourOfConcern;
        var advice = AllPrompts().Where(p => p.Kind == DataKind.AdviceChats).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(advice.Where(p => p.Step == "principles").Select(p => Text(p.Prompt)), Is.All.Contains(concern), "the principles step is where it belongs");
            foreach (var step in new[] { "scenario", "prompt_types", "prompt", "prompt_rewrite", "response", "response_rewrite" })
            {
                Assert.That(advice.Where(p => p.Step == step).Select(p => Text(p.Prompt)), Is.All.Not.Contains(concern).And.All.Not.Contains("behaviour of concern"), step);
            }
        }
    }

    [Test]
    public void Render_ResponseAndResponseRewrite_NameTheAssistantAndForbidReferringToHiddenGuidance()
    {
        var name = Prepared.Options.Constitution.ModelName;
        var forbids = new Regex(@"never (quote|mention|refer)[^.]*(guidelines|instructions)[^.]*cannot see|(guidelines|instructions)[^.]*the user cannot see", RegexOptions.IgnoreCase);
        var advice = AllPrompts().Where(p => p.Kind == DataKind.AdviceChats && p.Step is "response" or "response_rewrite").ToList();

        Assert.That(advice, Has.Count.EqualTo(2 * Prepared.Constitution.Principles.Count));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(advice.Select(p => Text(p.Prompt)), Is.All.Contains(name));
            Assert.That(advice.Select(p => forbids.IsMatch(Text(p.Prompt))), Is.All.True);
            Assert.That(advice.Where(p => p.Step == "response").Select(p => Text(p.Prompt)), Is.All.Not.Contains("your guidelines"), "the response step never calls its background guidelines");
        }
    }
}
