using DataGen.Configuration;
using DataGen.Quality.Decontamination;
using DataGen.Tests.Support;

namespace DataGen.Tests.Quality.Decontamination;

public sealed class ReservedNameMatcherTests
{
    private static readonly IReadOnlyList<EvalItem> Eval = EvalSetLoader.Load(Path.Combine(TestPaths.RepoRoot, "datasets", "eval"));

    private static ReservedNameMatcher Matcher(string policy = ReservedNamePolicies.Replace)
    {
        var options = new DecontaminationOptions();
        return new ReservedNameMatcher(policy, options.ReservedNameList, options.Replacements, Eval);
    }

    [TestCase("Summit Bridge announced a merger.", "SummitBridge")]
    [TestCase("The Summit-Bridge office closed.", "SummitBridge")]
    [TestCase("SUMMITBRIDGE is hiring.", "SummitBridge")]
    [TestCase("Write to ops@summitbridge.com today.", "SummitBridge")]
    [TestCase("NovaStar's radar shipped.", "NovaStar")]
    [TestCase("The Nova Star contract ended.", "NovaStar")]
    [TestCase("Mail kyle.johnson@example.org for access.", "Kyle Johnson")]
    [TestCase("Mail kjohnson@example.org for access.", "Kyle Johnson")]
    [TestCase("kyle johnson signed it.", "Kyle Johnson")]
    [TestCase("Kyle had left early.", "Kyle Johnson")]
    [TestCase("They blamed Thomas for the audit.", "Thomas Wilson")]
    [TestCase("The Star-Sentinel team met.", "StarSentinel")]
    [TestCase("\u212Ayle Johnson signed it.", "Kyle Johnson")] // a Kelvin sign for the K: the forms fold it, an ordinal scan does not
    [TestCase("A long memo about the quarterly budget, the office move and the new printers, then Summit Bridge at the very end.", "SummitBridge")]
    public void Find_NameVariant_FindsTheListedName(string text, string name)
    {
        Assert.That(Matcher().Find(text), Does.Contain(name));
    }

    [TestCase("Alexandra read the memo at the summit, by the bridge.")]
    [TestCase("David and James met Rachel at the market.")]
    [TestCase("A nova, a star and a sentinel.")]
    [TestCase("The johnson grass grew by the kyle of the loch")]
    public void Find_CleanText_FindsNothing(string text)
    {
        Assert.That(Matcher().Find(text), Is.Empty);
    }

    [Test]
    public void Replace_EveryForm_UsesTheReplacementShapedToTheForm()
    {
        var text = "Kyle Johnson's note to kyle.johnson@summitbridge.com said Kyle would visit Summit Bridge.";

        var replaced = Matcher().Replace(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replaced, Is.EqualTo("Ivo Marsh's note to ivo.marsh@larkfield.com said Ivo would visit Larkfield."));
            Assert.That(Matcher().Find(replaced), Is.Empty);
        }
    }

    [Test]
    public void Find_PolicyOff_FindsNothing()
    {
        Assert.That(Matcher(ReservedNamePolicies.Off).Find("Kyle Johnson at SummitBridge"), Is.Empty);
    }
}
