using DataGen.Configuration;
using DataGen.Generation;

namespace DataGen.Tests.Generation;

public sealed class NameHygieneTests
{
    private static readonly NameHygiene Hygiene = new(new NameHygieneOptions());

    [Test]
    public void Find_CleanText_KeepsIt()
    {
        Assert.That(Hygiene.Find("Wren and Alexander looked at the Claudette report."), Is.Empty);
    }

    [Test]
    public void Find_ListedNames_DropsWithEachReasonAndAFullNameOnce()
    {
        var hits = Hygiene.Find("Kyle Johnson asked Claude, then Sarah.");

        Assert.That(hits, Is.EquivalentTo(new[]
        {
            new NameHit("Kyle Johnson", NameHygiene.ReservedName),
            new NameHit("Claude", NameHygiene.RealName),
            new NameHit("Sarah", NameHygiene.BannedName),
        }));
    }

    [Test]
    public void Replace_ReplacesEachHitWithAPoolNameNotInTheText()
    {
        var text = "Alex told Wren. Alex left.";

        var (replaced, records) = Hygiene.Replace(text, Hygiene.Find(text), ["Wren", "Quill"]);

        Assert.That(replaced, Is.EqualTo("Quill told Wren. Quill left."));
        Assert.That(records, Is.EqualTo(new[] { "Alex→Quill" }));
    }
}
