using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Seeds;
using DataGen.Tests.Support;

namespace DataGen.Tests.Seeds;

public sealed class SeedPlannerTests
{
    private static readonly ConstitutionDocument Constitution = ConstitutionLoader.Load(TestPaths.Constitution);

    [Test]
    public void Plan_SameInputs_SameSeedsAndIds()
    {
        var a = SeedPlanner.Plan(DataKind.Stories, new StoriesOptions(), Constitution, 7, 40).ToList();
        var b = SeedPlanner.Plan(DataKind.Stories, new StoriesOptions(), Constitution, 7, 40).ToList();

        Assert.That(b.Select(s => (s.Id, s.Principle.Id, string.Join(",", s.Axes.Values))), Is.EqualTo(a.Select(s => (s.Id, s.Principle.Id, string.Join(",", s.Axes.Values)))));
        Assert.That(a.Select(s => s.Id), Is.Unique);
    }

    [Test]
    public void Plan_OtherRunSeed_OtherSeeds()
    {
        var a = SeedPlanner.Plan(DataKind.Documents, new DocumentsOptions(), Constitution, 1, 20).Select(s => s.Id);
        var b = SeedPlanner.Plan(DataKind.Documents, new DocumentsOptions(), Constitution, 2, 20).Select(s => s.Id);

        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public void Plan_OneFullRound_UsesEveryPrincipleOnce()
    {
        var n = Constitution.Principles.Count;

        var seeds = SeedPlanner.Plan(DataKind.AdviceChats, new AdviceChatsOptions(), Constitution, 3, n).ToList();

        Assert.That(seeds.Select(s => s.Principle.Id), Is.EquivalentTo(Constitution.Principles.Select(p => p.Id)));
    }

    [Test]
    public void Plan_AxisValues_ComeFromTheConfiguredLists()
    {
        var options = new AdviceChatsOptions { Personas = ["a rover driver"], Domains = ["dust storm", "low power"] };

        var seeds = SeedPlanner.Plan(DataKind.AdviceChats, options, Constitution, 3, 30).ToList();

        Assert.That(seeds.Select(s => s.Axes["persona"]).Distinct(), Is.EqualTo(new[] { "a rover driver" }));
        Assert.That(seeds.Select(s => s.Axes["domain"]).Distinct(), Is.EquivalentTo(new[] { "dust storm", "low power" }));
    }
}
