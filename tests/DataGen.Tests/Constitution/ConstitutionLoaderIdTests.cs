using DataGen.Configuration;
using DataGen.Constitution;
using DataGen.Tests.Support;

namespace DataGen.Tests.Constitution;

/// <summary>Principle ids from headings in any script: stable, distinct, and unchanged for Latin headings.</summary>
public sealed class ConstitutionLoaderIdTests
{
    [Test]
    public void Load_CyrillicAndCjkSiblingHeadings_GetDistinctReadableIds()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("конституция.md");
        File.WriteAllText(path, "# Конституция\n\n## Честность\n\nГовори правду.\n\n## Забота\n\nЗаботься о людях.\n\n## 诚实\n\n说真话。\n\n## 关怀\n\n关心他人。\n\n## नम्रता\n\nविनम्र रहो।\n");

        var document = ConstitutionLoader.Load(path);

        Assert.That(document.Principles.Select(p => p.Id), Is.EqualTo(new[] { "честность", "забота", "诚实", "关怀", "नम्रता" }));
    }

    [Test]
    public void Load_SameFileTwice_SameIds()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("c.md");
        File.WriteAllText(path, "# Title\n\n## Глава Первая\n\n### Правило\n\nТекст.\n\n## Глава Вторая\n\n### Правило\n\nТекст два.\n");

        var first = ConstitutionLoader.Load(path).Principles.Select(p => p.Id).ToList();
        var second = ConstitutionLoader.Load(path).Principles.Select(p => p.Id).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(new[] { "глава-первая/правило", "глава-вторая/правило" }));
            Assert.That(second, Is.EqualTo(first));
        }
    }

    [TestCase("Calibrated Uncertainty", "calibrated-uncertainty")]
    [TestCase("Café & Crème", "caf-cr-me")]
    [TestCase("1. Honesty (core)", "1-honesty-core")]
    [TestCase("***", "section")]
    public void Slug_LatinHeadings_KeepTheirEarlierAsciiIds(string heading, string expected)
    {
        Assert.That(ConstitutionLoader.Slug(heading), Is.EqualTo(expected));
    }

    [Test]
    public void Load_OnlyATitleHeading_IsAConfigErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("c.md");
        File.WriteAllText(path, "# Just a title\n\nSome preface.\n");

        Assert.That(() => ConstitutionLoader.Load(path),
            Throws.TypeOf<ConfigException>().With.Message.EqualTo($"{path}: no principles: the file has only a title heading; add at least one section (## Heading) with text under it"));
    }
}
