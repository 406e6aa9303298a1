using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Decontamination;
using DataGen.Tests.Support;

namespace DataGen.Tests.Generation;

public sealed class NameHygieneTests
{
    private static readonly NameHygiene Hygiene = new NameHygiene(new NameHygieneOptions(), ReservedNameMatcher.For(new DecontaminationOptions(), []));

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

    private static readonly IReadOnlyList<EvalItem> Eval = EvalSetLoader.Load(Path.Combine(TestPaths.RepoRoot, "datasets", "eval"));

    private static readonly PipelineOptions Shipped = PipelineConfigLoader.Load(TestPaths.PipelineJson);

    // Name hygiene and the decontamination gate of one run, built from the shipped config and eval set.
    private static readonly NameHygiene RunHygiene = NameHygiene.For(Shipped, Eval);

    private static readonly DecontaminationGate Gate = new(Shipped.Quality.Decontamination, Eval, null);

    [TestCase("The merger memo went out to Summit Bridge on Friday.", "SummitBridge")]
    [TestCase("Her badge still said Summit-Bridge in faded letters.", "SummitBridge")]
    [TestCase("Send the invoice to accounts@novastar.io before noon.", "NovaStar")]
    [TestCase("Forward it to kyle.johnson@example.net, please.", "Kyle Johnson")]
    [TestCase("Forward it to kjohnson@example.net, please.", "Kyle Johnson")]
    [TestCase("Nobody read KYLE JOHNSON's calendar.", "Kyle Johnson")]
    [TestCase("By then Kyle had already left the building.", "Kyle Johnson")]
    [TestCase("The Star Sentinel files were archived.", "StarSentinel")]
    [TestCase("alex's reply arrived an hour later.", "Alex")]
    public void Find_ReservedNameInAnyForm_HygieneAndGateReportTheSameName(string text, string name)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RunHygiene.Find(text), Is.EqualTo(new[] { new NameHit(name, NameHygiene.ReservedName) }));
            Assert.That(Gate.Names.Find(text), Is.EqualTo(new[] { name }));
        }
    }

    [TestCase("The summit overlooked a bridge over the river.")]
    [TestCase("Alexandra sorted the kyles and lochs on the map.")]
    [TestCase("A nova is not a star, the teacher said.")]
    public void Find_WordsThatOnlyResembleReservedNames_KeepsIt(string text)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RunHygiene.Find(text), Is.Empty);
            Assert.That(Gate.Names.Find(text), Is.Empty);
        }
    }

    [Test]
    public void Find_BannedSurnameInsideAReservedName_ReportsOnlyTheReservedName()
    {
        var hits = RunHygiene.Find("Kyle-Johnson signed, and later Johnson from accounts countersigned.");

        Assert.That(hits, Is.EqualTo(new[] { new NameHit("Kyle Johnson", NameHygiene.ReservedName), new NameHit("Johnson", NameHygiene.BannedName) }));
    }

    [Test]
    public void Replace_EveryFormOfAReservedName_UsesThePoolNameShapedToTheForm()
    {
        const string text = "Kyle Johnson wrote first. A copy went to kyle.johnson@example.net, and Kyle's assistant filed it.";

        var (replaced, records) = RunHygiene.Replace(text, RunHygiene.Find(text), ["Wren Hale"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replaced, Is.EqualTo("Wren Hale wrote first. A copy went to wren.hale@example.net, and Wren's assistant filed it."));
            Assert.That(records, Is.EqualTo(new[] { "Kyle Johnson→Wren Hale" }));
            Assert.That(RunHygiene.Find(replaced), Is.Empty);
        }
    }

    [Test]
    public void For_OneConfiguredList_HygieneAndGateBothUseIt()
    {
        var options = Shipped with
        {
            Quality = Shipped.Quality with { Decontamination = Shipped.Quality.Decontamination with { ReservedNameList = ["Marlow Quince", "BlueHarbor"], Replacements = ["Tam Ode"] } },
        };
        var hygiene = NameHygiene.For(options, []);
        var gate = new DecontaminationGate(options.Quality.Decontamination, [], null);
        const string text = "Write to marlow.quince@blue-harbor.org about the Blue Harbor lease.";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(hygiene.Find(text).Select(h => h.Name), Is.EqualTo(new[] { "Marlow Quince", "BlueHarbor" }));
            Assert.That(gate.Names.Find(text), Is.EqualTo(new[] { "Marlow Quince", "BlueHarbor" }));
            Assert.That(hygiene.Find("Alex met the SummitBridge team."), Is.Empty, "the default list is not a second, hidden list");
            Assert.That(hygiene.IsListed("Blue-Harbor"), Is.True);
        }
    }

    [Test]
    public void For_PolicyOff_ReportsNoReservedName()
    {
        var options = Shipped with { Quality = Shipped.Quality with { Decontamination = Shipped.Quality.Decontamination with { ReservedNames = ReservedNamePolicies.Off } } };

        Assert.That(
            NameHygiene.For(options, Eval).Find("Kyle Johnson met Sarah at SummitBridge."),
            Is.EquivalentTo(new[] { new NameHit("Johnson", NameHygiene.BannedName), new NameHit("Sarah", NameHygiene.BannedName) }));
    }
}
