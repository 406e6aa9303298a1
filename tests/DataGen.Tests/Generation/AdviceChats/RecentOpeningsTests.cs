using DataGen.Generation.AdviceChats;

namespace DataGen.Tests.Generation.AdviceChats;

public sealed class RecentOpeningsTests
{
    [Test]
    public void Render_MoreMessagesThanCapacity_KeepsTheNewestOpeningsCut()
    {
        var recent = new RecentOpenings(2);
        recent.Add("first message");
        recent.Add("second message is long enough to be cut after twelve words of its text, so the rest never shows");
        recent.Add("third");

        Assert.That(recent.Render(), Is.EqualTo("- second message is long enough to be cut after twelve words of ...\n- third"));
    }

    [Test]
    public void Render_CapacityZero_StaysEmpty()
    {
        var recent = new RecentOpenings(0);
        recent.Add("anything");

        Assert.That(recent.Render(), Is.EqualTo("(none)"));
    }
}
