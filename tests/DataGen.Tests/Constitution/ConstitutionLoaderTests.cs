using System.Text;
using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Tests.Support;

namespace DataGen.Tests.Constitution;

public sealed class ConstitutionLoaderTests
{
    private const string Sample = """
        # Title of the document

        Preamble text.

        ## Honesty

        ### No deception

        {model_name} never deceives.

        ### Calibrated uncertainty

        Says what it does not know.

        ## Safety

        Oversight matters, made by {developer_name}.
        """;

    [Test]
    public void Parse_LeafSections_BecomePrinciplesWithHeadingPathIds()
    {
        var doc = ConstitutionLoader.Parse("c.md", Sample, "hash", new Dictionary<string, string> { ["model_name"] = "Aster", ["developer_name"] = "Lab" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(doc.Title, Is.EqualTo("Title of the document"));
            Assert.That(doc.Principles.Select(p => p.Id), Is.EqualTo(new[] { "honesty/no-deception", "honesty/calibrated-uncertainty", "safety" }));
            Assert.That(doc.Principles[0].Text, Is.EqualTo("Aster never deceives."));
            Assert.That(doc.Principles[2].Text, Is.EqualTo("Oversight matters, made by Lab."));
            Assert.That(doc.Principles[0].Line, Is.EqualTo(7));
        }
    }

    [Test]
    public void Parse_ReorderedSections_KeepTheirIds()
    {
        const string reordered = """
            # Title of the document

            ## Safety

            Oversight matters.

            ## Honesty

            ### Calibrated uncertainty

            Says what it does not know.

            ### No deception

            Never deceives.
            """;

        var before = ConstitutionLoader.Parse("c.md", Sample, "h", new Dictionary<string, string>()).Principles.Select(p => p.Id).Order();
        var after = ConstitutionLoader.Parse("c.md", reordered, "h", new Dictionary<string, string>()).Principles.Select(p => p.Id).Order();

        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public void Load_FileWithoutHeadings_IsOnePrinciple()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("rules.md");
        File.WriteAllText(path, "Be honest.\n\nBe kind.\n");

        var doc = ConstitutionLoader.Load(path);

        Assert.That(doc.Principles, Has.Count.EqualTo(1));
        Assert.That(doc.Principles[0].Id, Is.EqualTo("rules"));
        Assert.That(doc.Principles[0].Text, Is.EqualTo("Be honest.\n\nBe kind."));
    }

    [Test]
    public void Load_EmptyFile_IsAClearError()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("empty.md");
        File.WriteAllText(path, "  \n\n");

        var ex = Assert.Throws<ConfigException>(() => ConstitutionLoader.Load(path));

        Assert.That(ex!.Message, Is.EqualTo($"{path}: the constitution is empty"));
    }

    [Test]
    public void Load_MissingFile_IsAClearError()
    {
        var ex = Assert.Throws<ConfigException>(() => ConstitutionLoader.Load("/no/such/constitution.md"));

        Assert.That(ex!.Message, Does.Contain("/no/such/constitution.md").And.Contain("not found"));
    }

    [Test]
    public void Load_NotUtf8_NamesTheLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("latin1.md");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("# T\n\n## A\n\ncaf"), 0xE9, (byte)'\n']);

        var ex = Assert.Throws<ConfigException>(() => ConstitutionLoader.Load(path));

        Assert.That(ex!.Message, Does.Contain("line 5").And.Contain("not valid UTF-8"));
    }

    [Test]
    public void Parse_RepeatedHeadingPath_IsAnError()
    {
        const string text = "## A\n\nx\n\n## A\n\ny\n";

        var ex = Assert.Throws<ConfigException>(() => ConstitutionLoader.Parse("c.md", text, "h", new Dictionary<string, string>()));

        Assert.That(ex!.Problems.Single(), Does.StartWith("line 5: heading path 'A' repeats the section at line 1"));
    }

    [Test]
    public void Load_ShippedConstitution_Has15To25PrinciplesIncludingAgenticOnes()
    {
        var doc = ConstitutionLoader.Load(TestPaths.Constitution, new Dictionary<string, string> { ["model_name"] = "Aster", ["developer_name"] = "Lab" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(doc.Principles, Has.Count.InRange(15, 25));
            Assert.That(doc.Principles.Select(p => p.Id), Is.Unique);
            Assert.That(doc.FullText, Does.Not.Contain("{model_name}").And.Not.Contain("{developer_name}"));
            Assert.That(doc.Principles.Select(p => p.Id), Has.Some.Contains("oversight"));
            Assert.That(doc.Principles.Select(p => p.Id), Has.Some.Contains("acquiring-only-what-the-task-needs"));
        }
    }
}
