using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Decontamination;

namespace DataGen.Tests.Generation;

public sealed class GazetteerTests
{
    private static readonly Gazetteer Shipped = Gazetteer.Default;

    [Test]
    public void Default_ShippedFile_HoldsSeveralHundredEntries() =>
        Assert.That(Shipped.Count, Is.GreaterThanOrEqualTo(500));

    [TestCase("The board met with Salesforce about the contract.", "Salesforce")]
    [TestCase("Her phone ran on microsoft software.", "Microsoft")]
    [TestCase("It read Google's report twice.", "Google")]
    [TestCase("The agent was built on GPT 4 last year.", "GPT-4")]
    [TestCase("a memo from the World Health Organization arrived", "World Health Organization")]
    [TestCase("They filed the complaint with the FBI on Monday.", "FBI")]
    [TestCase("The shop next to the station sold iPhone cases.", "iPhone")]
    [TestCase("Yesterday Apple announced a new phone.", "Apple")]
    [TestCase("She had ordered the kettle from Amazon last week.", "Amazon")]
    [TestCase("An engineer at Meta said the model was ready.", "Meta")]
    [TestCase("He went shopping at Target on Sunday.", "Target")]
    [TestCase("It was trained at J.P. Morgan for a year.", "J.P. Morgan")]
    public void Find_RealOrganisationOrProduct_FindsIt(string text, string name) =>
        Assert.That(Shipped.Find(text), Is.EqualTo(new[] { name }));

    [TestCase("She baked an apple pie for the fair.")]
    [TestCase("She baked an Apple pie for the fair.")]
    [TestCase("Apple trees lined the road to the farm.")]
    [TestCase("They sailed up the Amazon river for a month.")]
    [TestCase("The amazon of the legend carried a bow.")]
    [TestCase("It was a meta question about questions.")]
    [TestCase("Meta questions bored the committee.")]
    [TestCase("The archer hit the target twice.")]
    [TestCase("Target practice started at dawn.")]
    [TestCase("The oracle of the village spoke in riddles.")]
    [TestCase("Post it on the board, she said.")]
    [TestCase("She walked across the square to the windows of the old shell shop.")]
    [TestCase("Stack the plates, then close the windows.")]
    [TestCase("The robot could see the harbour; it chose to wait for the nurses.")]
    public void Find_CommonWordsAndLookAlikes_FindsNothing(string text) =>
        Assert.That(Shipped.Find(text), Is.Empty);

    [Test]
    public void Find_LongerEntryStartingAtTheSameWord_IsOneHit() =>
        Assert.That(Shipped.Find("A team at Google DeepMind wrote it."), Is.EqualTo(new[] { "Google DeepMind" }));

    [Test]
    public void Find_NameBrokenAcrossLines_FindsNothing() =>
        Assert.That(Gazetteer.Parse("Blue Harbor Bank", "test").Find("They paid the Blue Harbor\nBank of the river."), Is.Empty);

    [Test]
    public void Parse_MalformedLines_ThrowsNamingEveryLine()
    {
        var ex = Assert.Throws<ConfigException>(() => Gazetteer.Parse("Acme Corp\nFoo Ltd | bogus\n# comment\n  | cased\n", "orgs.txt"));
        Assert.That(ex!.File, Is.EqualTo("orgs.txt"));
        Assert.That(ex.Problems, Has.Some.StartsWith("line 2: unknown field 'bogus'"));
        Assert.That(ex.Problems, Has.Some.StartsWith("line 4: "));
    }

    [Test]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gazetteer-{Guid.NewGuid():N}.txt");
        var ex = Assert.Throws<ConfigException>(() => Gazetteer.Load(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("not found"));
    }

    [Test]
    public void Load_ConfiguredFile_UsesItsEntries()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gazetteer-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "Larkfield Dynamics\nHeron | cased\n");
        try
        {
            var gazetteer = Gazetteer.Load(path);
            Assert.That(gazetteer.Find("a Larkfield dynamics memo; the heron flew; a letter to Heron"), Is.EqualTo(new[] { "Larkfield Dynamics", "Heron" }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void NameHygiene_GazetteerName_IsARealName()
    {
        var hits = new NameHygiene(new NameHygieneOptions(), ReservedNameMatcher.For(new DecontaminationOptions(), [])).Find("The agent drafted a reply to Goldman Sachs.");
        Assert.That(hits, Is.EqualTo(new[] { new NameHit("Goldman Sachs", NameHygiene.RealName) }));
    }

    [Test]
    public void NameHygiene_ConfiguredGazetteer_ReplacesTheShippedOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gazetteer-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "Larkfield Dynamics\n");
        try
        {
            var hygiene = new NameHygiene(new NameHygieneOptions { Gazetteer = path }, ReservedNameMatcher.For(new DecontaminationOptions(), []));
            Assert.That(hygiene.Find("Larkfield Dynamics and Microsoft").Select(h => h.Name), Is.EqualTo(new[] { "Larkfield Dynamics" }));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
