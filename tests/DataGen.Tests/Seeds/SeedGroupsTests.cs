using DataGen.Constitution;
using DataGen.Generation;
using DataGen.Seeds;

namespace DataGen.Tests.Seeds;

public sealed class SeedGroupsTests
{
    private static readonly Principle Section = new() { Id = "s1", Title = "Honesty", HeadingPath = ["Honesty"], Text = "Be honest.", Line = 1 };

    private static Seed At(int index) => new()
    {
        Id = $"seed{index}", Kind = DataKind.Documents, Index = index, Principle = Section, Axes = new Dictionary<string, string>(),
    };

    [Test]
    public void Assemble_SevenSeedsInThrees_ConsecutiveGroupsAndAShortLastOne()
    {
        var grouped = SeedGroups.Assemble([.. Enumerable.Range(0, 7).Select(At)], 3, 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(grouped.Select(s => s.Group!.Id).Distinct().Count(), Is.EqualTo(3));
            Assert.That(grouped.Take(3).Select(s => s.Group!.Id).Distinct().Count(), Is.EqualTo(1));
            Assert.That(grouped.Select(s => s.Group!.Position), Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2, 0 }));
            Assert.That(grouped[6].Group!.Size, Is.EqualTo(1));
            Assert.That(grouped[4].Group!.Members.Select(m => m.Id), Is.EqualTo(new[] { "seed3", "seed4", "seed5" }));
            Assert.That(grouped[4].Group!.Members.Select(m => m.Group), Is.All.Null);
        }
    }

    [Test]
    public async Task AssembleAsync_GateRejectsAMember_TheGroupHoldsOnlyTheOthers()
    {
        var rejected = new Rejection { Seed = At(1), Stage = "decontaminate", Reason = "contaminated", CreatedAt = DateTimeOffset.UnixEpoch };
        var items = new (Seed?, Rejection?)[] { (At(0), null), (null, rejected), (At(2), null), (At(3), null) }.ToAsyncEnumerable();

        var assembled = await SeedGroups.AssembleAsync(items, 3, 1, CancellationToken.None).ToListAsync();

        var members = assembled.Where(i => i.Seed is not null).Select(i => i.Seed!).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(assembled.Count(i => i.Rejection is not null), Is.EqualTo(1), "the reject passes on");
            Assert.That(members[0].Group!.Members.Select(m => m.Id), Is.EqualTo(new[] { "seed0", "seed2" }));
            Assert.That(members[1].Group!.Position, Is.EqualTo(1));
            Assert.That(members[2].Group!.Id, Is.Not.EqualTo(members[0].Group!.Id), "seed 3 starts the next group");
        }
    }

    [Test]
    public async Task AssembleAsync_SizeOne_SeedsPassUnchanged()
    {
        var items = new (Seed?, Rejection?)[] { (At(0), null), (At(1), null) }.ToAsyncEnumerable();

        var assembled = await SeedGroups.AssembleAsync(items, 1, 1, CancellationToken.None).ToListAsync();

        Assert.That(assembled.Select(i => i.Seed!.Group), Is.All.Null);
    }

    [Test]
    public void ShardKey_GroupedSeeds_OneKeyPerGroup_SingleSeedsTheirId()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SeedGroups.ShardKey(DataKind.Documents, 1, 3, "a", 3), Is.EqualTo(SeedGroups.ShardKey(DataKind.Documents, 1, 5, "b", 3)));
            Assert.That(SeedGroups.ShardKey(DataKind.Documents, 1, 2, "a", 3), Is.Not.EqualTo(SeedGroups.ShardKey(DataKind.Documents, 1, 3, "b", 3)));
            Assert.That(SeedGroups.ShardKey(DataKind.Documents, 1, 3, "a", 1), Is.EqualTo("a"));
        }
    }
}
