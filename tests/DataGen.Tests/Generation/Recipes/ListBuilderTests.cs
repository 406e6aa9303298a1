using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Generation.Parsing;
using DataGen.Generation.Recipes;
using DataGen.Prompts;
using DataGen.Seeds;
using DataGen.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Generation.Recipes;

public sealed class ListBuilderTests
{
    private static readonly PromptTemplate Template = PromptTemplate.Parse("k/list", "k/list.md", "/k/list.md",
        "=== user ===\nCount: {{ count }}\nAlready generated (do not repeat):\n{{ already_generated }}\n");

    private static readonly RecipeStep Step = new()
    {
        Name = "list", PromptName = "k/list", PromptSource = "test", Scope = StepScope.Plan,
        ValueNames = ["count", "already_generated"], Inputs = ["count", "already_generated"],
        Values = (_, s) => new Dictionary<string, string> { ["count"] = s["count"], ["already_generated"] = s["already_generated"] },
        Parser = new JsonListParser("list", "an item"), MaxOutputTokens = 100,
    };

    private static readonly Seed Seed = new()
    {
        Id = "00000000000000bb", Kind = DataKind.Documents, Index = -1,
        Principle = new Principle { Id = "p", Title = "P", HeadingPath = ["P"], Text = "t", Line = 1 }, Axes = new Dictionary<string, string>(),
    };

    [Test]
    public async Task Build_ShortRounds_ReasksForTheRestWithWhatItHasFedBack()
    {
        var client = new FakeChatClient("""{"items": ["blog post", "memo"]}""", """{"items": ["Memo", "podcast", "essay", "novel"]}""");

        var outcome = await Build(client, target: 4, maxRounds: 5);

        Assert.That(outcome.Items, Is.EqualTo(new[] { "blog post", "memo", "podcast", "essay" }));
        Assert.That(outcome.FellShort, Is.False);
        Assert.That(client.Requests, Has.Count.EqualTo(2));
        Assert.That(client.Requests[0][0].Text, Does.Contain("Count: 4").And.Contain("(none yet)"));
        Assert.That(client.Requests[1][0].Text, Does.Contain("Count: 2").And.Contain("- blog post\n- memo"));
    }

    [Test]
    public async Task Build_RoundAddsNothingNew_StopsShort()
    {
        var client = new FakeChatClient("""{"items": ["a"]}""", """{"items": ["A"]}""");

        var outcome = await Build(client, target: 3, maxRounds: 10);

        Assert.That(outcome.Items, Is.EqualTo(new[] { "a" }));
        Assert.That(outcome.FellShort, Is.True);
        Assert.That(client.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Build_GiveUpBound_StopsAfterMaxRounds()
    {
        var replies = Enumerable.Range(0, 10).Select(i => $$"""{"items": ["item {{i}}"]}""").ToArray();
        var client = new FakeChatClient(replies);

        var outcome = await Build(client, target: 10, maxRounds: 3);

        Assert.That(outcome.Items, Has.Count.EqualTo(3));
        Assert.That(outcome.Rounds, Is.EqualTo(3));
        Assert.That(outcome.FellShort, Is.True);
    }

    private static Task<ListOutcome> Build(FakeChatClient client, int target, int maxRounds) =>
        new ListBuilder(new ModelCaller(client, "m", 0.5f, NullLogger.Instance), DataKind.Documents, NullLogger.Instance)
            .BuildAsync(Step with { MaxReasks = 0 }, Template, Seed, new Dictionary<string, string>(), target, maxRounds, CancellationToken.None);
}
