using DataGen.Generation;

namespace DataGen.Tests.Generation;

public sealed class KindCatalogTests
{
    [Test]
    public void All_EveryKind_HasOneEntryWithItsOwnNameAndConfigKey()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(KindCatalog.All.Select(e => e.Kind), Is.EqualTo(Enum.GetValues<DataKind>()));
            Assert.That(KindCatalog.All.Select(e => e.Name), Is.Unique);
            Assert.That(KindCatalog.All.Select(e => e.ConfigKey), Is.Unique);
            Assert.That(DataKind.AdviceChats.Name(), Is.EqualTo("advice_chats"));
        }
    }

    [Test]
    public void Index_AKindWithoutAnEntry_FailsNamingIt()
    {
        var withoutStories = KindCatalog.All.Where(e => e.Kind != DataKind.Stories).ToList();

        var error = Assert.Throws<InvalidOperationException>(() => KindCatalog.Index(withoutStories));

        Assert.That(error!.Message, Does.Contain("Stories has no entry"));
    }

    [Test]
    public void Index_AKindWithTwoEntries_FailsNamingIt()
    {
        var twice = KindCatalog.All.Append(KindCatalog.Get(DataKind.Documents)).ToList();

        var error = Assert.Throws<InvalidOperationException>(() => KindCatalog.Index(twice));

        Assert.That(error!.Message, Does.Contain("Documents has two entries"));
    }
}
