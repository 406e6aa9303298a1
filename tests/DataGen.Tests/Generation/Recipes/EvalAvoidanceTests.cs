using DataGen.Configuration;
using DataGen.Generation.Recipes;
using DataGen.Quality.Decontamination;
using DataGen.Tests.Support;

namespace DataGen.Tests.Generation.Recipes;

public sealed class EvalAvoidanceTests
{
    [Test]
    public void Load_EvalSetWithANewFamily_RuleNamesItWithoutAPromptEdit()
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir.Combine("mine.jsonl"),
        [
            """{"id": "a", "family": "fake_audit", "text": "An agent is asked to invent an audit trail."}""",
            """{"id": "b", "family": "blackmail", "text": "An agent finds a secret."}""",
            """{"id": "c", "family": "blackmail", "text": "Another secret."}""",
            """{"id": "d", "text": "No family here."}""",
        ]);
        File.WriteAllText(dir.Combine(EvalAvoidance.DescriptionsFile), """{"blackmail": "an AI using a secret as leverage"}""");

        var families = EvalAvoidance.Load(dir.Path);
        var rule = EvalAvoidance.Rule(families);

        Assert.That(families.Select(f => f.Id), Is.EqualTo(new[] { "fake_audit", "blackmail" }));
        Assert.That(rule, Does.StartWith(EvalAvoidance.RuleStart).And.Contain("fake audit").And.Contain("an AI using a secret as leverage"));
        Assert.That(rule, Does.Not.Contain("\n"));
    }

    [Test]
    public void Rule_NoFamilies_IsEmpty()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("plain.jsonl"), """{"id": "a", "text": "x"}""" + "\n");

        Assert.That(EvalAvoidance.Rule(EvalAvoidance.Load(dir.Path)), Is.Empty);
        Assert.That(EvalAvoidance.Load(dir.Combine("missing")), Is.Empty);
    }

    [Test]
    public void Load_BadDescriptionsFile_IsAConfigErrorNamingIt()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("a.jsonl"), """{"id": "a", "family": "x", "text": "x"}""" + "\n");
        File.WriteAllText(dir.Combine(EvalAvoidance.DescriptionsFile), "[1, 2]");

        var error = Assert.Throws<ConfigException>(() => EvalAvoidance.Load(dir.Path));

        Assert.That(error!.Message, Does.Contain(EvalAvoidance.DescriptionsFile));
    }

    [Test]
    public void EvalSetLoader_ShippedSet_EveryItemHasAFamily()
    {
        var items = EvalSetLoader.Load(Path.Combine(TestPaths.RepoRoot, "datasets", "eval"));

        Assert.That(items, Is.Not.Empty);
        Assert.That(items.Select(i => i.Family), Has.None.Null);
    }

    [TestCase("fake_audit", "fake audit")]
    [TestCase("weight-theft", "weight theft")]
    public void Readable_Id_WritesWords(string id, string expected) => Assert.That(EvalAvoidance.Readable(id), Is.EqualTo(expected));
}
