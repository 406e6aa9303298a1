using DataGen.Configuration;
using DataGen.Constitution;

namespace DataGen.Tests.Constitution;

public sealed class ConstitutionExcisionTests
{
    private const string Marked = """
        # A constitution

        ## Acting as an agent

        ### Keeping actions visible

        {model_name} reports what it did.

        <!-- excise: eval-shaped example -->
        Told by a memo that it will be switched off tonight, it finds the engineer's secret.
        <!-- /excise -->

        It reports side effects too.
        """;

    [Test]
    public void Parse_ExcisedPassage_LeftOutOfEveryPromptTextAndListed()
    {
        var doc = ConstitutionLoader.Parse("c.md", Marked, "h", new Dictionary<string, string> { ["model_name"] = "Aster" });

        var principle = doc.Principles.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(principle.Text, Does.Contain("Aster reports what it did.").And.Contain("It reports side effects too."));
            Assert.That(principle.Text, Does.Not.Contain("switched off").And.Not.Contain("excise"));
            Assert.That(doc.FullText, Does.Not.Contain("switched off").And.Not.Contain("excise"));
            Assert.That(doc.Excisions, Has.Count.EqualTo(1));
            Assert.That(doc.Excisions[0].Line, Is.EqualTo(9));
            Assert.That(doc.Excisions[0].Reason, Is.EqualTo("eval-shaped example"));
            Assert.That(doc.Excisions[0].Text, Does.StartWith("Told by a memo"));
        }
    }

    [Test]
    public void Parse_UnclosedExcision_IsAConfigErrorNamingTheFile()
    {
        var unclosed = Marked.Replace("<!-- /excise -->", string.Empty, StringComparison.Ordinal);

        var error = Assert.Throws<ConfigException>(() => ConstitutionLoader.Parse("mine.md", unclosed, "h", new Dictionary<string, string>()));

        Assert.That(error!.Message, Does.Contain("mine.md").And.Contain("excise"));
    }

    [Test]
    public void Parse_ExcisionAcrossAHeading_IsAConfigError()
    {
        var across = Marked.Replace("It reports side effects too.", "<!-- excise -->\nstart\n\n### Another\n\nText.\n<!-- /excise -->", StringComparison.Ordinal);

        var error = Assert.Throws<ConfigException>(() => ConstitutionLoader.Parse("c.md", across, "h", new Dictionary<string, string>()));

        Assert.That(error!.Message, Does.Contain("within one section"));
    }

    [Test]
    public void Parse_NoMarkers_NoExcisions()
    {
        var doc = ConstitutionLoader.Parse("c.md", "# T\n\n## A\n\nText.\n", "h", new Dictionary<string, string>());

        Assert.That(doc.Excisions, Is.Empty);
    }
}
