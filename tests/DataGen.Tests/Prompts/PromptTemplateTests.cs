using DataGen.Configuration;
using DataGen.Prompts;
using DataGen.Tests.Support;

namespace DataGen.Tests.Prompts;

public sealed class PromptTemplateTests
{
    private const string Text = """
        Notes for researchers, never sent.

        === system ===
        You write {{ genre }}s.
        === user ===
        Principle: {{principle_title}}
        Write a {{ genre }}.
        """;

    [Test]
    public void Render_AllValues_FillsBothParts()
    {
        var template = PromptTemplate.Parse("documents/x", "documents/x.md", "/p/documents/x.md", Text);

        var rendered = template.Render(new Dictionary<string, string> { ["genre"] = "essay", ["principle_title"] = "Honesty" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rendered.System, Is.EqualTo("You write essays."));
            Assert.That(rendered.User, Is.EqualTo("Principle: Honesty\nWrite a essay."));
            Assert.That(rendered.PromptId, Does.Match(@"^documents/x\.md@[0-9a-f]{8}$"));
        }
    }

    [Test]
    public void Check_PlaceholderWithoutValue_NamesLineAndPlaceholder()
    {
        var template = PromptTemplate.Parse("documents/x", "documents/x.md", "/p/documents/x.md", Text);

        var problems = template.Check(["genre"]);

        Assert.That(problems.Single(), Does.StartWith("line 6: placeholder {{ principle_title }} has no value"));
    }

    [Test]
    public void Check_ValueWithoutPlaceholder_IsAProblem()
    {
        var template = PromptTemplate.Parse("documents/x", "documents/x.md", "/p/documents/x.md", Text);

        var problems = template.Check(["genre", "principle_title", "persona"]);

        Assert.That(problems.Single(), Does.StartWith("value 'persona' has no placeholder"));
    }

    [Test]
    public void Parse_NoUserPart_IsAnError()
    {
        var ex = Assert.Throws<ConfigException>(() => PromptTemplate.Parse("a", "a.md", "/p/a.md", "=== system ===\nhello\n"));

        Assert.That(ex!.Message, Does.StartWith("/p/a.md:").And.Contain("needs a user part"));
    }

    [Test]
    public void Parse_MalformedPlaceholder_NamesTheLine()
    {
        var ex = Assert.Throws<ConfigException>(() => PromptTemplate.Parse("a", "a.md", "/p/a.md", "=== user ===\nhello {{ Bad-Name }}\n"));

        Assert.That(ex!.Problems.Single(), Does.StartWith("line 2: malformed placeholder"));
    }

    [Test]
    public void Id_ChangesWhenTheContentChanges()
    {
        var a = PromptTemplate.Parse("a", "a.md", "/p/a.md", "=== user ===\nhello\n");
        var b = PromptTemplate.Parse("a", "a.md", "/p/a.md", "=== user ===\nhello there\n");

        Assert.That(a.Id, Is.Not.EqualTo(b.Id));
        Assert.That(a.Id, Does.StartWith("a.md@"));
    }

    [Test]
    public void Get_MissingTemplate_NamesTheExpectedFileAndTheConfigKey()
    {
        using var dir = new TempDirectory();
        var library = new PromptLibrary(dir.Path);

        var ex = Assert.Throws<ConfigException>(() => library.Get("stories/nope", "$.generation.stories.prompt"));

        Assert.That(ex!.Message, Does.Contain(dir.Combine("stories", "nope.md")).And.Contain("$.generation.stories.prompt"));
    }
}
