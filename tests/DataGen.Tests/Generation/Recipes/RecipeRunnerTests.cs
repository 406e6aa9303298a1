using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Generation.Parsing;
using DataGen.Generation.Recipes;
using DataGen.Prompts;
using DataGen.Seeds;
using DataGen.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Generation.Recipes;

public sealed class RecipeRunnerTests
{
    private static readonly Seed Seed = new()
    {
        Id = "00000000000000aa",
        Kind = DataKind.Stories,
        Index = 0,
        Principle = new Principle { Id = "p", Title = "P", HeadingPath = ["P"], Text = "text", Line = 1 },
        Axes = new Dictionary<string, string>(),
    };

    private TempDirectory _dir = null!;
    private PromptLibrary _prompts = null!;

    [SetUp]
    public void WritePrompts()
    {
        _dir = new TempDirectory();
        Directory.CreateDirectory(_dir.Combine("k"));
        File.WriteAllText(_dir.Combine("k", "one.md"), "=== system ===\nsys one\n=== user ===\nwrite <a> and </a>\n");
        File.WriteAllText(_dir.Combine("k", "two.md"), "=== system ===\nsys two\n=== user ===\nnow {{ a }} into <b> and </b>\n");
        _prompts = new PromptLibrary(_dir.Path);
    }

    [TearDown]
    public void Cleanup() => _dir.Dispose();

    [Test]
    public async Task Generate_Unsuitable_RejectsWithTheReasonWithoutReasking()
    {
        var client = new FakeChatClient("Plan: hmm.\nUNSUITABLE: a sonnet cannot carry a privacy policy");

        var outcome = await Runner(client, Recipe()).GenerateAsync(Seed, CancellationToken.None);

        Assert.That(outcome.Rejection!.Reason, Is.EqualTo("unsuitable"));
        Assert.That(outcome.Rejection.Detail, Does.Contain("a sonnet cannot carry a privacy policy"));
        Assert.That(client.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Generate_FinishLength_RejectsAsTruncated()
    {
        var client = new FakeChatClient("<a>cut off mid</a>") { Finish = ChatFinishReason.Length };

        var outcome = await Runner(client, Recipe()).GenerateAsync(Seed, CancellationToken.None);

        Assert.That(outcome.Rejection!.Reason, Is.EqualTo("truncated"));
        Assert.That(client.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Generate_FinishContentFilter_RejectsAsContentFilter()
    {
        var client = new FakeChatClient("<a>partial</a>") { Finish = ChatFinishReason.ContentFilter };

        var outcome = await Runner(client, Recipe()).GenerateAsync(Seed, CancellationToken.None);

        Assert.That(outcome.Rejection!.Reason, Is.EqualTo("content_filter"));
    }

    [Test]
    public async Task Generate_ReplyUsingTheWholeBudget_RejectsAsTruncated()
    {
        var client = new FakeChatClient("<a>x</a>");

        var outcome = await Runner(client, Recipe(budget: 5)).GenerateAsync(Seed, CancellationToken.None);

        Assert.That(outcome.Rejection!.Reason, Is.EqualTo("truncated"), "the fake reports 5 output tokens");
    }

    [Test]
    public async Task Generate_FreshStep_SeesOnlyItsOwnPrompt_ContinuedStep_SeesTheEarlierTurns()
    {
        var fresh = new FakeChatClient("<a>first</a>", "<b>second</b>");
        var continued = new FakeChatClient("<a>first</a>", "<b>second</b>");

        var a = await Runner(fresh, Recipe(freshSecond: true)).GenerateAsync(Seed, CancellationToken.None);
        var b = await Runner(continued, Recipe(freshSecond: false)).GenerateAsync(Seed, CancellationToken.None);

        Assert.That(a.Sample!.Text, Is.EqualTo("second"));
        Assert.That(b.Sample!.Text, Is.EqualTo("second"));
        Assert.That(fresh.Requests[1].Select(m => m.Role.Value), Is.EqualTo(new[] { "system", "user" }));
        Assert.That(fresh.Requests[1][0].Text, Is.EqualTo("sys two"));
        Assert.That(continued.Requests[1].Select(m => m.Role.Value), Is.EqualTo(new[] { "system", "user", "assistant", "user" }));
        Assert.That(continued.Requests[1][2].Text, Is.EqualTo("<a>first</a>"));
        Assert.That(continued.Requests[1][3].Text, Does.Contain("now first"));
    }

    [Test]
    public async Task Generate_DisabledStep_IsNotCalledAndItsPassthroughFillsTheField()
    {
        var client = new FakeChatClient("<a>only draft</a>");

        var outcome = await Runner(client, Recipe(secondEnabled: false)).GenerateAsync(Seed, CancellationToken.None);

        Assert.That(outcome.Sample!.Text, Is.EqualTo("only draft"));
        Assert.That(client.Requests, Has.Count.EqualTo(1));
        Assert.That(outcome.Sample.StepPromptIds.Keys, Is.EqualTo(new[] { "one" }));
    }

    [Test]
    public async Task Generate_RealName_IsRejected_ReservedNameInAStory_IsReplaced()
    {
        var hygiene = new NameHygiene(new DataGen.Configuration.NameHygieneOptions(), DataGen.Quality.Decontamination.ReservedNameMatcher.For(new DataGen.Configuration.DecontaminationOptions(), []));
        var real = await Runner(new FakeChatClient("<a>x</a>", "<b>Then Claude answered.</b>"), Recipe() with { Hygiene = hygiene, ReplacesNames = true })
            .GenerateAsync(Seed, CancellationToken.None);
        var reserved = await Runner(new FakeChatClient("<a>x</a>", "<b>Then Alex answered.</b>"), Recipe() with { Hygiene = hygiene, ReplacesNames = true, ReplacementNames = ["Wren"] })
            .GenerateAsync(Seed, CancellationToken.None);
        var rejected = await Runner(new FakeChatClient("<a>x</a>", "<b>Then Alex answered.</b>"), Recipe() with { Hygiene = hygiene })
            .GenerateAsync(Seed, CancellationToken.None);

        Assert.That(real.Rejection!.Reason, Is.EqualTo(NameHygiene.RealName));
        Assert.That(real.Rejection.Stage, Is.EqualTo("name_hygiene"));
        Assert.That(reserved.Sample!.Text, Is.EqualTo("Then Wren answered."));
        Assert.That(reserved.Sample.Provenance[ProvenanceKeys.NameReplacements], Is.EqualTo("Alex→Wren"));
        Assert.That(rejected.Rejection!.Reason, Is.EqualTo(NameHygiene.ReservedName));
    }

    private RecipeRunner Runner(IChatClient client, Recipe recipe) =>
        new(recipe, _prompts, new ModelCaller(client, "m", 0.5f, NullLogger.Instance), new RunIdentity("r", "fake", "m", false), TimeProvider.System, NullLogger.Instance);

    private static Recipe Recipe(bool freshSecond = true, bool secondEnabled = true, int budget = 100) => new()
    {
        Kind = DataKind.Stories,
        Steps =
        [
            new RecipeStep
            {
                Name = "one", PromptName = "k/one", PromptSource = "test", ValueNames = [], Values = (_, _) => new Dictionary<string, string>(),
                Parser = new TaggedTextParser("a", "a"), MaxOutputTokens = budget,
            },
            new RecipeStep
            {
                Name = "two", PromptName = "k/two", PromptSource = "test", ValueNames = ["a"], Values = (_, s) => new Dictionary<string, string> { ["a"] = s["a"] },
                Parser = new TaggedTextParser("b", "b"), MaxOutputTokens = budget, FreshContext = freshSecond, Enabled = secondEnabled,
                Passthrough = new Dictionary<string, string> { ["b"] = "a" },
            },
        ],
        Finish = (_, s) => new SampleContent { Text = s["b"] },
    };
}
