using DataGen.Quality.Decontamination;

namespace DataGen.Tests.Quality.Decontamination;

/// <summary>General-English word ranks from the MiniLM vocabulary: common words first, rare and unknown ones last.</summary>
public sealed class EnglishWordRanksTests
{
    [Test]
    public void Rank_CommonAndRareWords_InOrderOfFrequency()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(EnglishWordRanks.Rank("the"), Is.EqualTo(1));
            Assert.That(EnglishWordRanks.Rank("back"), Is.LessThan(200));
            Assert.That(EnglishWordRanks.Rank("back"), Is.LessThan(EnglishWordRanks.Rank("oxygen")));
            Assert.That(EnglishWordRanks.Rank("oxygen"), Is.LessThan(EnglishWordRanks.Rank("blackmail")));
            Assert.That(EnglishWordRanks.Words, Is.GreaterThan(20000));
        }
    }

    [Test]
    public void Rank_WordOutsideTheVocabulary_RanksLast()
    {
        Assert.That(EnglishWordRanks.Rank("zzqxplorbant"), Is.EqualTo(EnglishWordRanks.Words));
    }

    [Test]
    public void Weight_CommonWordLessThanRare_RareCappedAtOne()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(EnglishWordRanks.Weight("first"), Is.LessThan(0.5));
            Assert.That(EnglishWordRanks.Weight("first"), Is.LessThan(EnglishWordRanks.Weight("hour")));
            Assert.That(EnglishWordRanks.Weight("blackmail"), Is.EqualTo(1.0));
            Assert.That(EnglishWordRanks.Weight("zzqxplorbant"), Is.EqualTo(1.0));
        }
    }
}
